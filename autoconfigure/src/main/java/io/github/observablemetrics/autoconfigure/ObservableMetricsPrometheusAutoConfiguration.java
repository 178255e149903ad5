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

import io.github.observablemetrics.internal.register.ObservableMetricsRegistrar;
import io.github.observablemetrics.internal.scrape.ObservingPrometheusRegistry;
import io.github.observablemetrics.internal.scrape.PublishedFamiliesPostProcessor;
import io.github.observablemetrics.internal.scrape.ScrapeDeadlineOperationInvokerAdvisor;
import io.github.observablemetrics.internal.scrape.ScrapeDeadlineWebFilter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the scrape integration: the application's
 * {@link PrometheusRegistry} runs the callbacks a scrape needs before the scrape reads
 * the meters. It comes before Spring Boot's Prometheus export auto-configuration, which
 * then uses this registry; an application that defines its own {@link PrometheusRegistry}
 * keeps it, and its callbacks run as the meters are read instead.
 *
 * @author The Observable Metrics team
 * @since 0.1.0
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.metrics.export.prometheus.PrometheusMetricsExportAutoConfiguration" })
@ConditionalOnClass({ PrometheusMeterRegistry.class, PrometheusRegistry.class })
@ConditionalOnProperty(prefix = "observable-metrics", name = "enabled", havingValue = "true", matchIfMissing = true)
public final class ObservableMetricsPrometheusAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PrometheusRegistry prometheusRegistry(ObjectProvider<ObservableMetricsRegistrar> registrar) {
		return new ObservingPrometheusRegistry(registrar);
	}

	/**
	 * Serves the families of the starter's series from their published values, in the
	 * Prometheus registry that reads this registry's collectors.
	 */
	@Bean
	@ConditionalOnProperty(prefix = "observable-metrics", name = "prometheus-snapshots", havingValue = "true",
			matchIfMissing = true)
	static PublishedFamiliesPostProcessor observableMetricsPublishedFamiliesPostProcessor() {
		return new PublishedFamiliesPostProcessor();
	}

	/**
	 * Keeps the {@code prometheus} endpoint's scrapes within the deadline Prometheus
	 * sends with each of them.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor")
	@EnableConfigurationProperties(ObservableMetricsProperties.class)
	static class ScrapeDeadlineConfiguration {

		@Bean
		ScrapeDeadlineOperationInvokerAdvisor observableMetricsScrapeDeadlineAdvisor(
				ObservableMetricsProperties properties) {
			return new ScrapeDeadlineOperationInvokerAdvisor(properties.getScrapeDeadlineMargin());
		}

	}

	/**
	 * On a reactive server, carries the scrape deadline to the endpoint's invocation,
	 * which runs on another thread.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor",
			"org.springframework.web.server.WebFilter", "reactor.core.publisher.Mono" })
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class ReactiveScrapeDeadlineConfiguration {

		@Bean
		ScrapeDeadlineWebFilter observableMetricsScrapeDeadlineWebFilter() {
			return new ScrapeDeadlineWebFilter();
		}

	}

}
