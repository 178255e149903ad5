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

import io.github.observablemetrics.MetricObserver;
import io.github.observablemetrics.ObservableMetric;
import io.github.observablemetrics.ObservableMetric.Type;

import org.springframework.stereotype.Component;

/**
 * GoFrame's "Metrics - Asynchronous Metrics" ({@code /docs/obs/metrics-async}): an
 * observable counter, an observable up-down counter and an observable gauge, all fed by
 * one callback, as {@code meter.MustRegisterCallback} does there.
 * <p>
 * The names carry an {@code async} part, because the callback example
 * ({@link GoFrameCallbackMetrics}) declares
 * {@code goframe.metric.demo.observable_counter} already and a metric is declared once in
 * an application. The unit is {@code percent} where GoFrame writes {@code %}, which is
 * not a valid unit.
 *
 * @author The Observable Metrics team
 */
@Component
public class GoFrameAsyncMetrics {

	static final String OBSERVABLE_COUNTER = "goframe.metric.demo.async.observable_counter";

	static final String OBSERVABLE_UPDOWN_COUNTER = "goframe.metric.demo.async.observable_updown_counter";

	static final String OBSERVABLE_GAUGE = "goframe.metric.demo.async.observable_gauge";

	/**
	 * The callback of the three metrics, called once per read of any of them.
	 * @param observer receives the value of each metric
	 */
	@ObservableMetric(name = OBSERVABLE_COUNTER, type = Type.COUNTER,
			description = "This is a simple demo for ObservableCounter usage", unit = "percent")
	@ObservableMetric(name = OBSERVABLE_UPDOWN_COUNTER, type = Type.UP_DOWN_COUNTER,
			description = "This is a simple demo for ObservableUpDownCounter usage", unit = "percent")
	@ObservableMetric(name = OBSERVABLE_GAUGE, type = Type.GAUGE,
			description = "This is a simple demo for ObservableGauge usage", unit = "percent")
	public void observe(MetricObserver observer) {
		observer.observe(OBSERVABLE_COUNTER, 10);
		observer.observe(OBSERVABLE_UPDOWN_COUNTER, 20);
		observer.observe(OBSERVABLE_GAUGE, 30);
	}

}
