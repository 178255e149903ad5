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

import io.github.observablemetrics.ObservableMetric;
import io.github.observablemetrics.internal.discover.ObservableMetricBeanPostProcessor;
import io.github.observablemetrics.internal.register.ObservableMetricsRegistrar;
import io.github.observablemetrics.internal.scrape.ObservingPrometheusRegistry;
import io.github.observablemetrics.test.BootAutoConfigurations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the starter's auto-configuration applies, and when it backs off.
 */
class ObservableMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(BootAutoConfigurations.prometheus());

	@Test
	void shouldRegisterTheStarterAndTheScrapeIntegrationWithPrometheus() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ObservableMetricBeanPostProcessor.class)
				.hasSingleBean(ObservableMetricsRegistrar.class)
				.hasSingleBean(ObservableMetricsProperties.class);
			assertThat(context.getBean(PrometheusRegistry.class)).isInstanceOf(ObservingPrometheusRegistry.class);
		});
	}

	@Test
	void shouldGiveAChildContextItsOwnPostProcessorAndRegistrarThatRegisterInTheParentsRegistry() {
		this.runner.run((parent) -> this.runner.withParent(parent).withBean(Counted.class).run((child) -> {
			assertThat(child.getBeanFactory().getBeanNamesForType(ObservableMetricBeanPostProcessor.class)).hasSize(1);
			assertThat(child.getBeanFactory().getBeanNamesForType(ObservableMetricsRegistrar.class)).hasSize(1);
			assertThat(child.getBeanFactory().getBean(ObservableMetricsRegistrar.class))
				.isNotSameAs(parent.getBean(ObservableMetricsRegistrar.class));
			assertThat(parent.getBean(MeterRegistry.class).find("counted.value").gauge()).isNotNull();
		}));
	}

	@Test
	void shouldBackOffWithoutMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservableMetricsAutoConfiguration.class))
			.withBean(Counted.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ObservableMetricsRegistrar.class)
				.doesNotHaveBean(ObservableMetricBeanPostProcessor.class));
	}

	@Test
	void shouldBackOffWithoutMicrometer() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservableMetricsAutoConfiguration.class,
					ObservableMetricsPrometheusAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class, PrometheusMeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ObservableMetricsRegistrar.class));
	}

	@Test
	void shouldBackOffWhenDisabled() {
		this.runner.withPropertyValues("observable-metrics.enabled=false").withBean(Counted.class).run((context) -> {
			assertThat(context).doesNotHaveBean(ObservableMetricsRegistrar.class)
				.doesNotHaveBean(ObservableMetricBeanPostProcessor.class);
			assertThat(context.getBean(PrometheusRegistry.class)).isNotInstanceOf(ObservingPrometheusRegistry.class);
			assertThat(context.getBean(PrometheusMeterRegistry.class).scrape()).doesNotContain("counted_value");
		});
	}

	@Test
	void shouldWorkWithoutPrometheusOnTheClassPath() {
		new ApplicationContextRunner().withConfiguration(BootAutoConfigurations.simple())
			.withClassLoader(new FilteredClassLoader(PrometheusMeterRegistry.class))
			.withBean(Counted.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ObservableMetricsRegistrar.class)
					.doesNotHaveBean(ObservingPrometheusRegistry.class);
				assertThat(context.getBean(MeterRegistry.class).get("counted.value").gauge().value()).isEqualTo(1.0);
			});
	}

	@Test
	void shouldKeepAPrometheusRegistryTheApplicationDefines() {
		PrometheusRegistry own = new PrometheusRegistry();
		this.runner.withBean(PrometheusRegistry.class, () -> own).withBean(Counted.class).run((context) -> {
			assertThat(context.getBean(PrometheusRegistry.class)).isSameAs(own);
			context.getBean(PrometheusMeterRegistry.class).scrape();
			assertThat(context.getBean(PrometheusMeterRegistry.class).scrape()).contains("counted_value 1.0");
		});
	}

	@Test
	void shouldCreateBeansThatDeclareMetricsAtStartUpUnderLazyInitialization() {
		this.runner.withBean(LazyInitializationBeanFactoryPostProcessor.class)
			.withBean("counted", Counted.class)
			.withBean("plain", Plain.class)
			.run((context) -> {
				ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
				assertThat(beanFactory.containsSingleton("counted")).isTrue();
				assertThat(beanFactory.containsSingleton("plain")).isFalse();
				assertThat(context.getBean(MeterRegistry.class).find("counted.value").gauge()).isNotNull();
			});
	}

	@Test
	void shouldBindTheProperties() {
		this.runner
			.withPropertyValues("observable-metrics.callback-timeout=2s", "observable-metrics.max-series-per-metric=10",
					"observable-metrics.callback-threads=3", "observable-metrics.self-metrics.enabled=false",
					"observable-metrics.metrics[orders.queue.size].cache-for=30s")
			.withBean(OrderQueue.class)
			.run((context) -> {
				ObservableMetricsProperties properties = context.getBean(ObservableMetricsProperties.class);
				assertThat(properties.getCallbackTimeout()).hasSeconds(2);
				assertThat(properties.getMaxSeriesPerMetric()).isEqualTo(10);
				assertThat(properties.getCallbackThreads()).isEqualTo(3);
				assertThat(properties.getSelfMetrics().isEnabled()).isFalse();
				assertThat(properties.getMetrics().get("orders.queue.size").getCacheFor()).hasSeconds(30);
			});
	}

	@Test
	void shouldRejectMalformedPropertiesWithTheirName() {
		this.runner.withPropertyValues("observable-metrics.callback-timeout=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("callback-timeout must be longer than zero");
		});
	}

	static class OrderQueue {

		@ObservableMetric(name = "orders.queue.size")
		int size() {
			return 0;
		}

	}

	static class Plain {

	}

	static class Counted {

		private int calls;

		@ObservableMetric(name = "counted.value")
		int value() {
			return ++this.calls;
		}

	}

}
