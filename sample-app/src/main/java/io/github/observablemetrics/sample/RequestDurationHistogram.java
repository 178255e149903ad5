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
 * The histogram example of the {@code client_golang} exporter tutorial
 * ({@code request_duration_seconds} with {@code prometheus.DefBuckets}): an ordinary
 * Micrometer timer whose service level objectives are the Prometheus client's default
 * buckets, fed once a second with a random duration of 0 to 99 ms, as the tutorial's
 * goroutine does.
 *
 * @author The Observable Metrics team
 */
@Component
public class RequestDurationHistogram {

	/**
	 * {@code prometheus.DefBuckets}: .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5 and 10
	 * seconds.
	 */
	static final Duration[] DEFAULT_BUCKETS = { Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
			Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
			Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10) };

	private final Timer timer;

	RequestDurationHistogram(MeterRegistry registry) {
		this.timer = Timer.builder("request.duration")
			.description("Duration of requests in seconds")
			.serviceLevelObjectives(DEFAULT_BUCKETS)
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
