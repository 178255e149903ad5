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

package io.github.observablemetrics.autoconfigure;

import java.util.List;

import io.github.observablemetrics.actuate.ObservableMetricsEndpoint;
import io.github.observablemetrics.ObservableMetricCallbackHolder;
import io.github.observablemetrics.internal.register.ObservableMetricsRegistrar;
import io.github.observablemetrics.test.BootAutoConfigurations;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the {@code observablemetrics} endpoint exists.
 */
class ObservableMetricsEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(BootAutoConfigurations.simple())
		.withConfiguration(AutoConfigurations.of(ObservableMetricsEndpointAutoConfiguration.class));

	@Test
	void shouldProvideTheEndpointWhenItIsExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=observablemetrics")
			.run((context) -> assertThat(context).hasSingleBean(ObservableMetricsEndpoint.class));
	}

	@Test
	void shouldNotProvideTheEndpointWhenItIsNotExposed() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ObservableMetricsRegistrar.class)
			.doesNotHaveBean(ObservableMetricsEndpoint.class));
	}

	@Test
	void shouldNotProvideTheEndpointWhenItsAccessIsNone() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=observablemetrics",
					"management.endpoint.observablemetrics.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ObservableMetricsEndpoint.class));
	}

	@Test
	void shouldBackOffWithoutActuatorEndpoints() {
		// Spring Boot 3.5 has its metrics auto-configuration in the actuator packages:
		// hide only the endpoint support
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=observablemetrics")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.endpoint."))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ObservableMetricsRegistrar.class)
				.doesNotHaveBean(ObservableMetricsEndpoint.class));
	}

	@Test
	void shouldBackOffWhenTheStarterIsDisabled() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=observablemetrics",
					"observable-metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ObservableMetricsEndpoint.class));
	}

	@Test
	void shouldBackOffWithoutMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservableMetricsAutoConfiguration.class,
					ObservableMetricsEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=observablemetrics")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ObservableMetricsEndpoint.class));
	}

	@Test
	void shouldBackOffWhenTheApplicationDefinesTheEndpoint() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=observablemetrics")
			.withUserConfiguration(CustomEndpointConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ObservableMetricsEndpoint.class)
				.hasBean("customEndpoint"));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomEndpointConfiguration {

		@Bean
		ObservableMetricsEndpoint customEndpoint(List<ObservableMetricCallbackHolder> holders) {
			return new ObservableMetricsEndpoint(holders);
		}

	}

}
