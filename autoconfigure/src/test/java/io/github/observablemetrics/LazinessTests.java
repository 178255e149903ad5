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

package io.github.observablemetrics;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.observablemetrics.test.RunningApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callbacks run only when something reads their meters, each test on a fresh application.
 */
class LazinessTests {

	@Test
	void noCallbackRunsAtStartUpOrUntilSomethingReadsIt() {
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { LazyConfiguration.class })) {
			Counted counted = app.bean(Counted.class);
			assertThat(counted.calls).hasValue(0);
			app.get("/actuator/health");
			assertThat(counted.calls).hasValue(0);
			assertThat(app.scrape().value("counted_value")).contains(1.0);
			assertThat(counted.calls).hasValue(1);
		}
	}

	@Test
	void theMetricsEndpointRunsTheCallbackItReads() {
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { LazyConfiguration.class })) {
			Counted counted = app.bean(Counted.class);
			String body = app.get("/actuator/metrics/counted.value");
			assertThat(body).contains("\"value\":1.0");
			assertThat(counted.calls).hasValue(1);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class LazyConfiguration {

		@Bean
		Counted counted() {
			return new Counted();
		}

	}

	static class Counted {

		final AtomicInteger calls = new AtomicInteger();

		@ObservableMetric(name = "counted.value")
		double value() {
			return this.calls.incrementAndGet();
		}

	}

}
