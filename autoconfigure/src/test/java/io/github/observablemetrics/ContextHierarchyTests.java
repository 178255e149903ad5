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
import io.github.observablemetrics.test.RunningApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every context of a hierarchy discovers its own beans and registers them in the registry
 * it uses; the management child context serves the same scrape.
 */
class ContextHierarchyTests {

	@Test
	void parentAndChildContextsEachRegisterTheirOwnBeansAndClosingTheChildRemovesOnlyItsMeters() {
		ConfigurableApplicationContext parent = new SpringApplicationBuilder(ParentConfiguration.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			.run();
		// a web child to scrape through, and a child to close: both use the parent's
		// registry
		ConfigurableApplicationContext web = new SpringApplicationBuilder(WebConfiguration.class).parent(parent)
			.web(WebApplicationType.SERVLET)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"management.endpoints.web.exposure.include=*")
			.run();
		ConfigurableApplicationContext child = new SpringApplicationBuilder(ChildConfiguration.class).parent(parent)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			.run();
		try (RunningApplication app = RunningApplication.of(web)) {
			PrometheusText scrape = app.scrape();
			assertThat(scrape.value("parent_jobs")).contains(1.0);
			assertThat(scrape.value("web_jobs")).contains(3.0);
			assertThat(scrape.value("child_jobs")).contains(2.0);
			// a child's observer series show in the scrape of the registry that first
			// observes them
			assertThat(scrape.value("growing_items", "n", "1")).contains(1.0);
			assertThat(app.scrape().value("growing_items", "n", "2")).contains(2.0);

			child.close();

			PrometheusText afterClose = app.scrape();
			assertThat(afterClose.value("parent_jobs")).contains(1.0);
			assertThat(afterClose.value("web_jobs")).contains(3.0);
			assertThat(afterClose.samples("child_jobs")).isEmpty();
			assertThat(afterClose.samples("growing_items")).isEmpty();
			// the application-wide self-metrics, which every context shares, stay
			assertThat(afterClose.value("observable_metrics_callback_timeout_seconds")).contains(5.0);
			assertThat(afterClose.samples("observable_metrics_callback_errors_total")).hasSize(3);
			assertThat(afterClose.value("observable_metrics_scrape_wait_seconds_count")).isPresent();
		}
		finally {
			child.close();
			parent.close();
		}
	}

	@Test
	void theManagementContextOnItsOwnPortShowsFirstSeenSeriesInTheSameScrape() {
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { ManagementConfiguration.class },
				"management.server.port=0", "management.server.address=127.0.0.1")) {
			RunningApplication management = app.onManagementPort();
			assertThat(management.port()).isNotEqualTo(app.port());
			PrometheusText first = management.scrape();
			assertThat(first.value("growing_items", "n", "1")).contains(1.0);
			PrometheusText second = management.scrape();
			assertThat(second.value("growing_items", "n", "2")).contains(2.0);
			assertThat(app.bean(Growing.class).calls).hasValue(2);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ParentConfiguration {

		@Bean
		ParentJobs parentJobs() {
			return new ParentJobs();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WebConfiguration {

		@Bean
		WebJobs webJobs() {
			return new WebJobs();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ChildConfiguration {

		@Bean
		ChildJobs childJobs() {
			return new ChildJobs();
		}

		@Bean
		Growing growing() {
			return new Growing();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ManagementConfiguration {

		@Bean
		Growing growing() {
			return new Growing();
		}

	}

	static class ParentJobs {

		@ObservableMetric(name = "parent.jobs")
		int jobs() {
			return 1;
		}

	}

	static class WebJobs {

		@ObservableMetric(name = "web.jobs")
		int jobs() {
			return 3;
		}

	}

	static class ChildJobs {

		@ObservableMetric(name = "child.jobs")
		int jobs() {
			return 2;
		}

	}

	/**
	 * Reports one more series at every run: the series of a run are new to the scrape
	 * that runs it.
	 */
	static class Growing {

		final AtomicInteger calls = new AtomicInteger();

		@ObservableMetric(name = "growing.items")
		void items(MetricObserver observer) {
			int run = this.calls.incrementAndGet();
			for (int n = 1; n <= run; n++) {
				observer.observe(n, "n", String.valueOf(n));
			}
		}

	}

}
