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

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.observablemetrics.internal.DeclarationValidator;
import io.github.observablemetrics.internal.ObservableMetricBeanPostProcessor;
import io.github.observablemetrics.internal.ObservableMetricsRegistrar;
import io.github.observablemetrics.internal.RegistrarSettings;
import io.github.observablemetrics.internal.RegistrarSettings.MetricSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.system.JavaVersion;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration that turns
 * {@link io.github.observablemetrics.ObservableMetric @ObservableMetric} methods into
 * meters of the application's {@link MeterRegistry}. Wiring only: the work is done by the
 * post-processor (discovery) and the registrar (registration and invocation).
 * <p>
 * Ordered after Spring Boot's metrics auto-configuration by class name, so that the same
 * jar serves the Spring Boot 3.5 and 4.x lines, whose packages differ.
 *
 * @author The Observable Metrics team
 * @since 0.1.0
 */
@AutoConfiguration(afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = "observable-metrics", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ObservableMetricsProperties.class)
public final class ObservableMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static ObservableMetricBeanPostProcessor observableMetricBeanPostProcessor(
			ObjectProvider<ObservableMetricsRegistrar> registrar, Environment environment) {
		return new ObservableMetricBeanPostProcessor(registrar, new DeclarationValidator(environment));
	}

	@Bean
	static LazyInitializationExcludeFilter observableMetricLazyInitializationExcludeFilter(
			ObjectProvider<ObservableMetricBeanPostProcessor> postProcessor) {
		return (beanName, definition, type) -> postProcessor.getObject().declaresMetrics(type);
	}

	@Bean
	@ConditionalOnMissingBean
	ObservableMetricsRegistrar observableMetricsRegistrar(MeterRegistry registry, ObjectProvider<MeterFilter> filters,
			ObservableMetricsProperties properties, Environment environment) {
		return new ObservableMetricsRegistrar(registry, filters.orderedStream().toList(),
				settings(properties, virtualThreads(environment)), new DeclarationValidator(environment));
	}

	/**
	 * What Spring Boot's {@code Threading.VIRTUAL.isActive} checks; that class moved
	 * between Spring Boot 3.5 and 4.0, so the one jar cannot name it.
	 */
	private static boolean virtualThreads(Environment environment) {
		return JavaVersion.getJavaVersion().isEqualOrNewerThan(JavaVersion.TWENTY_ONE)
				&& environment.getProperty("spring.threads.virtual.enabled", boolean.class, false);
	}

	private static RegistrarSettings settings(ObservableMetricsProperties properties, boolean virtualThreads) {
		Map<String, MetricSettings> metrics = new LinkedHashMap<>();
		properties.getMetrics()
			.forEach((name, metric) -> metrics.put(name,
					new MetricSettings(metric.getCallbackTimeout(), metric.getCacheFor())));
		return new RegistrarSettings(properties.getCallbackTimeout(), properties.getMaxSeriesPerMetric(),
				properties.getCallbackThreads(), properties.getSelfMetrics().isEnabled(),
				properties.getSelfMetrics().isPerCallback(), virtualThreads, metrics);
	}

}
