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

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The "一组counter指标" example of the {@code client_golang} exporter tutorial: a
 * {@code CounterVec} partitioned by status code and HTTP method. {@code {code=404,
 * method=POST}} gets 42; {@code {code=200, method=GET}} is incremented a million times
 * and then deleted, so only the 404 series is exported.
 * <p>
 * Micrometer has no vector: each label combination is a counter of the same name with
 * other tags, and {@code DeleteLabelValues} is {@link MeterRegistry#remove}.
 *
 * @author The Observable Metrics team
 */
@Component
public class HttpRequestsCounters {

	private static final String DESCRIPTION = "How many HTTP requests processed, partitioned by status code and HTTP method.";

	HttpRequestsCounters(MeterRegistry registry) {
		counter(registry, "404", "POST").increment(42);
		Counter ok = counter(registry, "200", "GET");
		for (int i = 0; i < 1_000_000; i++) {
			ok.increment();
		}
		// As in client_golang, a handle kept after the removal updates a counter that is
		// no longer exported.
		registry.remove(ok);
	}

	private static Counter counter(MeterRegistry registry, String code, String method) {
		return Counter.builder("http.requests")
			.description(DESCRIPTION)
			.tag("code", code)
			.tag("method", method)
			.register(registry);
	}

}
