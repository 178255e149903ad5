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

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The "histogram 示例" of the {@code client_golang} exporter tutorial: the temperature of
 * the frog pond, in five buckets 5 degrees wide from 20
 * ({@code prometheus.LinearBuckets(20, 5, 5)}), with the tutorial's 1000 simulated
 * observations made at start-up.
 *
 * @author The Observable Metrics team
 */
@Component
public class PondTemperatureHistogram {

	/**
	 * {@code prometheus.LinearBuckets(20, 5, 5)}.
	 */
	static final double[] BUCKETS = { 20, 25, 30, 35, 40 };

	PondTemperatureHistogram(MeterRegistry registry) {
		DistributionSummary temperatures = DistributionSummary.builder("pond.temperature")
			.description("The temperature of the frog pond.")
			.baseUnit("celsius")
			.serviceLevelObjectives(BUCKETS)
			.register(registry);
		FrogPond.simulateObservations(temperatures::record);
	}

}
