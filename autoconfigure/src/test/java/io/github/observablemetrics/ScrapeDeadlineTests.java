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

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.observablemetrics.internal.scrape.ScrapeDeadline;
import io.github.observablemetrics.test.PrometheusText;
import io.github.observablemetrics.test.RunningApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus' scrape deadline, sent in {@value ScrapeDeadline#HEADER}: a scrape waits for
 * callbacks at most until it, less the margin, on a servlet and on a reactive server.
 */
class ScrapeDeadlineTests {

	private static final Map<String, String> TWO_SECONDS = Map.of(ScrapeDeadline.HEADER, "2");

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void aScrapeKeepsPrometheusDeadlineHoweverLongTheCallbackTimeout(WebApplicationType type) {
		Hanging.gate = new CountDownLatch(1);
		try (RunningApplication app = RunningApplication.start(type, new Class<?>[] { DeadlineConfiguration.class },
				"observable-metrics.callback-timeout=20s")) {
			// the server's first request initializes its dispatcher, which is not the
			// scrape's to pay
			app.get("/actuator/health");
			for (int i = 0; i < 3; i++) {
				long started = System.nanoTime();
				HttpResponse<String> response = app.sendWithHeaders("GET", "/actuator/prometheus", TWO_SECONDS);
				Duration took = Duration.ofNanos(System.nanoTime() - started);
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(took).isLessThan(Duration.ofSeconds(2));
				PrometheusText scrape = PrometheusText.parse(response.body());
				assertThat(scrape.value("healthy_value")).contains(2.0);
				assertThat(scrape.value("observable_metrics_callback_up", "callback", "hanging.value")).contains(0.0);
				// cut short by the deadline, reported as a timeout, once: the run still
				// hangs
				assertThat(scrape.value("observable_metrics_callback_errors_total", "reason", "timeout")).contains(1.0);
			}
			long started = System.nanoTime();
			HttpResponse<String> included = app.sendWithHeaders("GET",
					"/actuator/prometheus?includedNames=healthy_value", TWO_SECONDS);
			assertThat(included.statusCode()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
			assertThat(PrometheusText.parse(included.body()).value("healthy_value")).contains(2.0);
		}
		finally {
			Hanging.gate.countDown();
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void aFreshCallbackCutShortByTheDeadlineIsReportedAsTimedOut(WebApplicationType type) {
		Hanging.gate = new CountDownLatch(1);
		try (RunningApplication app = RunningApplication.start(type, new Class<?>[] { DeadlineConfiguration.class },
				"observable-metrics.callback-timeout=20s", "observable-metrics.scrape-deadline-margin=100ms")) {
			long started = System.nanoTime();
			HttpResponse<String> response = app.sendWithHeaders("GET", "/actuator/prometheus",
					Map.of(ScrapeDeadline.HEADER, "0.5"));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(350),
					Duration.ofMillis(1500));
			PrometheusText scrape = PrometheusText.parse(response.body());
			assertThat(scrape.value("hanging_value")).isEmpty();
			assertThat(scrape.value("observable_metrics_callback_errors_total", "reason", "timeout")).contains(1.0);
		}
		finally {
			Hanging.gate.countDown();
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void aMalformedHeaderIsIgnored(WebApplicationType type) {
		Hanging.gate = new CountDownLatch(1);
		try (RunningApplication app = RunningApplication.start(type, new Class<?>[] { DeadlineConfiguration.class },
				"observable-metrics.callback-timeout=1s")) {
			for (String malformed : new String[] { "soon", "-2", "0" }) {
				long started = System.nanoTime();
				HttpResponse<String> response = app.sendWithHeaders("GET", "/actuator/prometheus",
						Map.of(ScrapeDeadline.HEADER, malformed));
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(PrometheusText.parse(response.body()).value("healthy_value")).contains(2.0);
				if (malformed.equals("soon")) {
					// the first scrape waits the callback timeout, not a deadline
					assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(900));
				}
			}
		}
		finally {
			Hanging.gate.countDown();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class DeadlineConfiguration {

		@Bean
		Hanging hanging() {
			return new Hanging();
		}

		@Bean
		Healthy healthy() {
			return new Healthy();
		}

	}

	static class Hanging {

		static volatile CountDownLatch gate;

		@ObservableMetric(name = "hanging.value")
		double value() throws InterruptedException {
			gate.await(1, TimeUnit.MINUTES);
			return 1;
		}

	}

	static class Healthy {

		@ObservableMetric(name = "healthy.value")
		double value() {
			return 2;
		}

	}

}
