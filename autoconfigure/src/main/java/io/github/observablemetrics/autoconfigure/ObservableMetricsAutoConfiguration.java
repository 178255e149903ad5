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

import io.github.observablemetrics.internal.report.SelfMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.observablemetrics.internal.validate.DeclarationValidator;
import io.github.observablemetrics.internal.discover.ObservableMetricBeanPostProcessor;
import io.github.observablemetrics.internal.register.ObservableMetricsRegistrar;
import io.github.observablemetrics.internal.register.RegistrarSettings;
import io.github.observablemetrics.internal.report.CallbackMeters;
import io.github.observablemetrics.internal.register.RegistrarSettings.MetricSettings;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration that turns
 * {@link io.github.observablemetrics.ObservableMetric @ObservableMetric} methods into
 * meters of the application's {@link MeterRegistry}. Wiring only: the work is done by the
 * post-processor (discovery) and the registrar (registration and invocation).
 * <p>
 * Each application context has a post-processor and a registrar of its own, whatever its
 * parent has: a post-processor sees only the beans of its own context, so a child context
 * that used its parent's would never discover its beans. Both are internal types and so
 * are not offered for replacement.
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
	static ObservableMetricBeanPostProcessor observableMetricBeanPostProcessor(
			ObjectProvider<ObservableMetricsRegistrar> registrar, Environment environment,
			ApplicationContext applicationContext) {
		return new ObservableMetricBeanPostProcessor(registrar,
				new DeclarationValidator(environment, applicationContext));
	}

	@Bean
	static LazyInitializationExcludeFilter observableMetricLazyInitializationExcludeFilter(
			ObjectProvider<ObservableMetricBeanPostProcessor> postProcessor) {
		return (beanName, definition, type) -> postProcessor.getObject().declaresMetrics(type);
	}

	@Bean
	ObservableMetricsRegistrar observableMetricsRegistrar(MeterRegistry registry,
			ObservableMetricsProperties properties, Environment environment,
			ObservableMetricBeanPostProcessor postProcessor) {
		// one validator for both, so that one failure reports every problem at start-up
		return new ObservableMetricsRegistrar(registry,
				settings(properties, virtualThreads(environment),
						Binder.get(environment)
							.bind("management.metrics.enable", Bindable.mapOf(String.class, Boolean.class))
							.orElse(Map.of())),
				postProcessor.validator());
	}

	/**
	 * Whether the application runs on virtual threads, as Spring Boot's
	 * {@code Threading.VIRTUAL} decides; that class moved between the Spring Boot lines.
	 */
	private static boolean virtualThreads(Environment environment) {
		return Runtime.version().feature() >= 21
				&& environment.getProperty("spring.threads.virtual.enabled", Boolean.class, false);
	}

	@SuppressWarnings("deprecation")
	private static CallbackMeters callbackMeters(ObservableMetricsProperties.SelfMetrics selfMetrics) {
		return selfMetrics.isPerCallback() ? CallbackMeters.FULL
				: CallbackMeters.valueOf(selfMetrics.getCallbacks().name());
	}

	private static RegistrarSettings settings(ObservableMetricsProperties properties, boolean virtualThreads,
			Map<String, Boolean> metricsEnable) {
		Map<String, MetricSettings> metrics = new LinkedHashMap<>();
		properties.getMetrics()
			.forEach((name, metric) -> metrics.put(name,
					new MetricSettings(metric.getCallbackTimeout(), metric.getCacheFor())));
		return new RegistrarSettings(properties.getCallbackTimeout(), properties.getMaxSeriesPerMetric(),
				properties.getCallbackThreads(), properties.getSelfMetrics().isEnabled(),
				callbackMeters(properties.getSelfMetrics()), virtualThreads, metrics, metricsEnable);
	}

}
