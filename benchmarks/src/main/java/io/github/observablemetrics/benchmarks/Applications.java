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

package io.github.observablemetrics.benchmarks;

import java.util.function.Consumer;

import io.github.observablemetrics.autoconfigure.ObservableMetricsAutoConfiguration;
import io.github.observablemetrics.autoconfigure.ObservableMetricsPrometheusAutoConfiguration;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Spring Boot applications without a web server, with Spring Boot's metrics and
 * Prometheus export auto-configuration, and the starter's auto-configuration on or off.
 * Only these auto-configurations run, so the registry holds the benchmark's meters and
 * nothing else (no JVM or process metrics).
 *
 * @author The Observable Metrics team
 */
public final class Applications {

	private Applications() {
	}

	/**
	 * Starts an application.
	 * @param starter whether the starter is on ({@code observable-metrics.enabled})
	 * @param selfMetrics whether its own metrics are on
	 * @param beans registers the application's beans
	 * @param properties further properties, {@code key=value}
	 * @return the running application
	 */
	public static ConfigurableApplicationContext start(boolean starter, boolean selfMetrics,
			Consumer<GenericApplicationContext> beans, String... properties) {
		return new SpringApplicationBuilder(MetricsConfiguration.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.initializers((ApplicationContextInitializer<GenericApplicationContext>) beans::accept)
			.properties("observable-metrics.enabled=" + starter,
					"observable-metrics.self-metrics.enabled=" + selfMetrics, "logging.level.root=warn")
			.properties(properties)
			.run();
	}

	/**
	 * The application's Prometheus registry.
	 * @param context the application
	 * @return its registry
	 */
	public static PrometheusMeterRegistry registry(ConfigurableApplicationContext context) {
		return context.getBean(PrometheusMeterRegistry.class);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
			PrometheusMetricsExportAutoConfiguration.class, ObservableMetricsAutoConfiguration.class,
			ObservableMetricsPrometheusAutoConfiguration.class })
	static class MetricsConfiguration {

	}

}
