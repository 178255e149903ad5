/*
 * Copyright 2026 the original authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.github.observablemetrics.sample;

import io.github.observablemetrics.ObservableMetric;
import io.github.observablemetrics.ObservableMetric.Type;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * GoFrame's "Metric - Callback Example" ({@code /examples/observability/metric/callback},
 * in English and in Chinese): a regular counter, updated by hand to 11, next to an
 * observable counter whose callback reports 10 whenever the metric is read.
 *
 * @author The Observable Metrics team
 */
@Component
public class GoFrameCallbackMetrics {

	/**
	 * The regular counter, an ordinary Micrometer counter: {@code counter.Inc(ctx)} then
	 * {@code counter.Add(ctx, 10)}, so it reads 11.
	 * @param registry the registry the counter goes to
	 */
	GoFrameCallbackMetrics(MeterRegistry registry) {
		Counter counter = Counter.builder("goframe.metric.demo.counter")
			.description("This is a simple demo for Counter usage")
			.tag("const_attr_1", "1")
			.register(registry);
		counter.increment();
		counter.increment(10);
	}

	/**
	 * The observable counter: called only when something reads the metric, it reports the
	 * total, as GoFrame's callback does with {@code obs.Observe(10)}.
	 * @return the counter's total
	 */
	@ObservableMetric(name = "goframe.metric.demo.observable_counter", type = Type.COUNTER,
			description = "This is a simple demo for ObservableCounter usage", tags = "const_attr_3=3")
	public double observableCounter() {
		return 10;
	}

}
