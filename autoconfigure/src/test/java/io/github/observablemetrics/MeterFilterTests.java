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

import io.github.observablemetrics.test.BootAutoConfigurations;
import io.github.observablemetrics.test.PrometheusText;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether a metric is enabled is the registry's decision, whichever filter makes it.
 */
class MeterFilterTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(BootAutoConfigurations.prometheus())
		.withBean(Denied.class)
		.withBean(Allowed.class);

	@Test
	void aMetricDeniedByAFilterThatAMeterRegistryCustomizerAddsIsNotExportedAndItsCallbackNeverRuns() {
		this.runner
			.withInitializer(
					(context) -> BootAutoConfigurations.meterRegistryCustomizer((GenericApplicationContext) context,
							(registry) -> registry.config().meterFilter(MeterFilter.denyNameStartsWith("denied"))))
			.run((context) -> {
				PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
				PrometheusText scrape = PrometheusText.parse(registry.scrape());
				assertThat(scrape.value("allowed_value")).contains(2.0);
				assertThat(scrape.samples("denied_value")).isEmpty();
				assertThat(context.getBean(Denied.class).calls).hasValue(0);
				assertThat(registry.find("denied.value").meters()).isEmpty();
				assertThat(registry.find("allowed.value").meters()).hasSize(1);
			});
	}

	@Test
	void aMetricDeniedByManagementMetricsEnableStillNeverRuns() {
		this.runner.withPropertyValues("management.metrics.enable.denied=false").run((context) -> {
			PrometheusText scrape = PrometheusText.parse(context.getBean(PrometheusMeterRegistry.class).scrape());
			assertThat(scrape.value("allowed_value")).contains(2.0);
			assertThat(scrape.samples("denied_value")).isEmpty();
			assertThat(context.getBean(Denied.class).calls).hasValue(0);
		});
	}

	static class Denied {

		final AtomicInteger calls = new AtomicInteger();

		@ObservableMetric(name = "denied.value")
		int value() {
			this.calls.incrementAndGet();
			return 1;
		}

	}

	static class Allowed {

		@ObservableMetric(name = "allowed.value")
		int value() {
			return 2;
		}

	}

}
