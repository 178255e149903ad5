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

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.observablemetrics.ObservableMetric.Type;
import io.github.observablemetrics.test.PrometheusText;
import io.github.observablemetrics.test.PrometheusText.Sample;
import io.github.observablemetrics.test.RunningApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Series beyond the cardinality limit, through real scrapes: a counter's or an up-down
 * counter's fold into one overflow series, so that the family still sums to everything
 * observed, while the series already exported keep their identity; a gauge's are dropped.
 */
class OverflowTests {

	@Test
	void aCounterBeyondTheLimitFoldsIntoOneOverflowSeriesAndTheFamilySumsToTheTotal() {
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { UsersConfiguration.class },
				"observable-metrics.max-series-per-metric=100")) {
			Users users = app.bean(Users.class);
			users.first = 0;
			PrometheusText first = app.scrape();
			List<Sample> requests = first.samples("user_requests_total");
			assertThat(requests).hasSizeLessThanOrEqualTo(101);
			assertThat(requests.stream().mapToDouble(Sample::value).sum()).isEqualTo(150.0 * 2);
			assertThat(overflow(requests)).isEqualTo(50.0 * 2);
			Set<String> exported = users(requests);
			assertThat(exported).hasSize(100);
			assertThat(first.value("observable_metrics_series_folded_total", "metric", "user.requests")).contains(50.0);
			List<Sample> sessions = first.samples("user_sessions");
			assertThat(sessions.stream().mapToDouble(Sample::value).sum()).isEqualTo(150.0);

			// new users come first in the next run: the 100 exported keep their place
			users.first = 1000;
			PrometheusText second = app.scrape();
			List<Sample> next = second.samples("user_requests_total");
			assertThat(users(next)).isEqualTo(exported);
			assertThat(next.stream().mapToDouble(Sample::value).sum()).isEqualTo(200.0 * 2);
			assertThat(overflow(next)).isEqualTo(100.0 * 2);
		}
	}

	@Test
	void aGaugeBeyondTheLimitIsDroppedAndCounted() {
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { UsersConfiguration.class },
				"observable-metrics.max-series-per-metric=100")) {
			PrometheusText scrape = app.scrape();
			assertThat(scrape.samples("user_latency_seconds")).hasSize(100)
				.noneMatch((sample) -> sample.labels().containsKey("otel_metric_overflow"));
			assertThat(scrape.value("observable_metrics_series_dropped_total", "metric", "user.latency"))
				.contains(50.0);
		}
	}

	@Test
	void aCallbackCannotUseTheOverflowTagItself() {
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { ImpostorConfiguration.class })) {
			PrometheusText scrape = app.scrape();
			assertThat(scrape.samples("impostor_total")).extracting(Sample::labels)
				.containsExactly(Map.of("kind", "real"));
			assertThat(scrape.samples("impostor_total"))
				.noneMatch((sample) -> sample.labels().containsKey("otel_metric_overflow"));
			assertThat(scrape.value("observable_metrics_callback_errors_total", "reason", "invalid")).contains(1.0);
		}
	}

	private static double overflow(List<Sample> samples) {
		return samples.stream()
			.filter((sample) -> "true".equals(sample.labels().get("otel_metric_overflow")))
			.mapToDouble(Sample::value)
			.sum();
	}

	private static Set<String> users(List<Sample> samples) {
		return samples.stream()
			.map((sample) -> sample.labels().get("user"))
			.filter((user) -> user != null && !user.isEmpty())
			.collect(Collectors.toSet());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class UsersConfiguration {

		@Bean
		Users users() {
			return new Users();
		}

	}

	static class Users {

		/**
		 * The first of the users observed before the 150 that always are.
		 */
		volatile int first;

		@ObservableMetric(name = "user.requests", type = Type.COUNTER, description = "Requests")
		@ObservableMetric(name = "user.sessions", type = Type.UP_DOWN_COUNTER, description = "Open sessions")
		@ObservableMetric(name = "user.latency", unit = "seconds", description = "Latency")
		void report(MetricObserver observer) {
			if (this.first > 0) {
				for (int i = 0; i < 50; i++) {
					observe(observer, "new-" + (this.first + i));
				}
			}
			for (int i = 0; i < 150; i++) {
				observe(observer, "user-" + i);
			}
		}

		private void observe(MetricObserver observer, String user) {
			observer.observe("user.requests", 2, "user", user);
			observer.observe("user.sessions", 1, "user", user);
			observer.observe("user.latency", 0.5, "user", user);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ImpostorConfiguration {

		@Bean
		Impostor impostor() {
			return new Impostor();
		}

	}

	static class Impostor {

		@ObservableMetric(name = "impostor", type = Type.COUNTER)
		void report(MetricObserver observer) {
			observer.observe(1, "kind", "real");
			observer.observe(1, "otel.metric.overflow", "true");
		}

	}

}
