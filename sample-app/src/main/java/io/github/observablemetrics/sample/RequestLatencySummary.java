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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The summary example of the {@code client_golang} exporter tutorial
 * ({@code request_latency_seconds} with the 0.5, 0.9 and 0.99 quantiles): an ordinary
 * Micrometer timer that publishes those percentiles, fed once a second with a random
 * duration of 0 to 99 ms, as the tutorial's goroutine does.
 * <p>
 * Like a {@code client_golang} summary, whose defaults are a 10-minute window in 5 age
 * buckets, the quantiles cover the last 10 minutes. Micrometer approximates quantiles
 * from a histogram; three significant digits keep them close to the exact ones, as the
 * tutorial's small allowed errors do.
 *
 * @author The Observable Metrics team
 */
@Component
public class RequestLatencySummary {

	private final Timer timer;

	RequestLatencySummary(MeterRegistry registry) {
		this.timer = Timer.builder("request.latency")
			.description("Latency of requests in seconds")
			.publishPercentiles(0.5, 0.9, 0.99)
			.percentilePrecision(3)
			.distributionStatisticExpiry(Duration.ofMinutes(10))
			.distributionStatisticBufferLength(5)
			.register(registry);
	}

	/**
	 * Records one simulated request, as {@code rand.Intn(100)} milliseconds.
	 */
	@Scheduled(fixedDelay = 1, timeUnit = TimeUnit.SECONDS)
	void simulateRequest() {
		this.timer.record(Duration.ofMillis(ThreadLocalRandom.current().nextInt(100)));
	}

}
