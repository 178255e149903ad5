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

package io.github.observablemetrics.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.observablemetrics.ObservableMetric;
import io.github.observablemetrics.test.RunningApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator reads during an outage, over HTTP: which callbacks are stuck now and
 * since when, which are disabled and by what, and which bound cut a callback short.
 */
@ExtendWith(OutputCaptureExtension.class)
class ObservableMetricsEndpointOutageTests {

	@Test
	void aHungCallbackShowsAsRunningSinceItEnteredAndHowLongItHasHeldItsThread() throws Exception {
		Stuck.gate = new CountDownLatch(1);
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { OutageConfiguration.class },
				"observable-metrics.callback-timeout=300ms")) {
			Instant before = Instant.now();
			assertThat(app.send("/actuator/prometheus", null).statusCode()).isEqualTo(200);
			Map<String, Object> stuck = callback(app, "stuck");
			assertThat(stuck).containsEntry("running", true).containsEntry("up", false);
			assertThat(Instant.parse((String) stuck.get("runningSince"))).isBetween(before.minusMillis(5),
					Instant.now());
			assertThat(Duration.parse((String) stuck.get("heldFor"))).isGreaterThanOrEqualTo(Duration.ofMillis(250));
			Stuck.gate.countDown();
			assertThat(app.bean(Stuck.class).left.await(10, TimeUnit.SECONDS)).isTrue();
			Map<String, Object> returned = callback(app, "stuck");
			assertThat(returned).containsEntry("running", false).doesNotContainKeys("runningSince", "heldFor");
		}
		finally {
			Stuck.gate.countDown();
		}
	}

	@Test
	void aCallbackWhoseMetricsAreDisabledSaysWhatDisabledIt() {
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { OutageConfiguration.class },
				"management.metrics.enable.stuck=false")) {
			assertThat(app.scrape().value("healthy_value")).contains(1.0);
			assertThat(callback(app, "stuck")).containsEntry("disabled", "management.metrics.enable.stuck=false")
				.containsEntry("invocations", 0);
			assertThat(callback(app, "healthy")).doesNotContainKey("disabled");
		}
	}

	@Test
	void aCallbackCutShortByPrometheusDeadlineIsToldToRaiseTheScrapeTimeoutNotTheCallbackTimeout(
			CapturedOutput output) {
		Stuck.gate = new CountDownLatch(1);
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { OutageConfiguration.class },
				"observable-metrics.callback-timeout=5s")) {
			long started = System.nanoTime();
			assertThat(app
				.sendWithHeaders("GET", "/actuator/prometheus", Map.of("X-Prometheus-Scrape-Timeout-Seconds", "1"))
				.statusCode()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
			assertThat(output)
				.contains("$Stuck.value() of bean 'stuck' did not return within Prometheus' scrape deadline")
				.contains("raise the scrape_timeout of the Prometheus job")
				.doesNotContain("did not return within PT5S");
			assertThat(callback(app, "stuck").get("lastError").toString()).contains("timeout");
		}
		finally {
			Stuck.gate.countDown();
		}
	}

	private static Map<String, Object> callback(RunningApplication app, String bean) {
		DocumentContext json = JsonPath.parse(app.get("/actuator/observablemetrics"));
		List<Map<String, Object>> matching = json.read("$.callbacks[?(@.bean == '" + bean + "')]");
		assertThat(matching).hasSize(1);
		return matching.get(0);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class OutageConfiguration {

		@Bean
		Stuck stuck() {
			return new Stuck();
		}

		@Bean
		Healthy healthy() {
			return new Healthy();
		}

	}

	static class Stuck {

		static volatile CountDownLatch gate = new CountDownLatch(0);

		final CountDownLatch left = new CountDownLatch(1);

		@ObservableMetric(name = "stuck.value")
		long value() throws InterruptedException {
			try {
				gate.await();
				return 1;
			}
			finally {
				this.left.countDown();
			}
		}

	}

	static class Healthy {

		@ObservableMetric(name = "healthy.value")
		long value() {
			return 1;
		}

	}

}
