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

import java.time.Duration;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The "Summary 示例" of the {@code client_golang} exporter tutorial: the temperature of the
 * frog pond with the 0.5, 0.9 and 0.99 quantiles, with the tutorial's 1000 simulated
 * observations made at start-up.
 * <p>
 * The tutorial names it {@code pond_temperature_celsius} like the histogram; one
 * application exports both, so this one is {@code pond.temperature.summary}. Like a
 * {@code client_golang} summary, whose defaults are a 10-minute window in 5 age buckets,
 * the quantiles cover the last 10 minutes: they read 0 once the start-up observations are
 * older than that, while the count and the sum stay. Micrometer approximates quantiles
 * from a histogram; three significant digits keep them close to the exact ones, as the
 * tutorial's small allowed errors do.
 *
 * @author The Observable Metrics team
 */
@Component
public class PondTemperatureSummary {

	PondTemperatureSummary(MeterRegistry registry) {
		DistributionSummary temperatures = DistributionSummary.builder("pond.temperature.summary")
			.description("The temperature of the frog pond.")
			.baseUnit("celsius")
			.publishPercentiles(0.5, 0.9, 0.99)
			.percentilePrecision(3)
			.distributionStatisticExpiry(Duration.ofMinutes(10))
			.distributionStatisticBufferLength(5)
			.register(registry);
		FrogPond.simulateObservations(temperatures::record);
	}

}
