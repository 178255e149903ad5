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

import io.github.observablemetrics.test.PrometheusText;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Cloud's {@code @RefreshScope} beans are called through their scoped proxy, so
 * that the current instance answers before and after a refresh.
 */
class RefreshScopeTests {

	@Test
	void aRefreshScopedBeanIsCalledThroughItsProxySoThatTheCurrentInstanceAnswersBeforeAndAfterARefresh() {
		// a real application: ContextRefresher rebuilds the environment as
		// SpringApplication does
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RefreshScopeConfiguration.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			.run()) {
			PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
			int first = context.getBean(Generations.class).created.get();
			assertThat(PrometheusText.parse(registry.scrape()).value("settings_generation"))
				.contains((double) context.getBean(Generations.class).created.get());

			context.getBean(ContextRefresher.class).refresh();

			double afterRefresh = PrometheusText.parse(registry.scrape()).value("settings_generation").orElseThrow();
			assertThat(afterRefresh).isGreaterThan(first);
			assertThat(afterRefresh).isEqualTo(context.getBean(Generations.class).created.get());
			assertThat(registry.find("settings.generation").meters()).hasSize(1);
			assertThat(context.getBean(ObservableMetricCallbackHolder.class).getObservableMetricCallbacks())
				.singleElement()
				.satisfies((callback) -> {
					assertThat(callback.bean()).isEqualTo("settings");
					assertThat(callback.beanType()).isEqualTo(Settings.class.getName());
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class RefreshScopeConfiguration {

		@Bean
		Generations generations() {
			return new Generations();
		}

		@Bean
		@RefreshScope
		Settings settings(Generations generations) {
			return new Settings(generations.created.incrementAndGet());
		}

	}

	static class Generations {

		final AtomicInteger created = new AtomicInteger();

	}

	static class Settings {

		private final int generation;

		Settings(int generation) {
			this.generation = generation;
		}

		@ObservableMetric(name = "settings.generation")
		int generation() {
			return this.generation;
		}

	}

}
