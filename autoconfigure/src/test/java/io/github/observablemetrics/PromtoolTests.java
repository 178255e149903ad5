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

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.observablemetrics.ObservableMetric.Type;
import io.github.observablemetrics.test.Promtool;
import io.github.observablemetrics.test.RunningApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the starter exports when callbacks misbehave, judged by Prometheus' own
 * {@code promtool}: label values and help texts that need escaping, units, counters, the
 * NaN of a failing gauge, the bad observations of {@link RobustnessTests.Garbage} and the
 * series dropped by the cardinality limit. Both exposition formats must parse, and the
 * text format must lint clean.
 * <p>
 * Spring Boot's own meters (JVM, Tomcat, HTTP server, ...) are turned off with
 * {@code management.metrics.enable.all=false}, so that the scrape holds exactly what the
 * starter produces: the lint findings on Boot's meters are Boot's, and the sample
 * application's promtool test shows them.
 */
class PromtoolTests {

	private static RunningApplication app;

	private Promtool promtool;

	@BeforeAll
	static void startAndBreak() {
		if (!Promtool.isInstalled()) {
			return;
		}
		app = RunningApplication.start(new Class<?>[] { FaultsConfiguration.class },
				"management.metrics.enable.all=false", "management.metrics.enable.faults=true",
				"management.metrics.enable.garbage=true", "management.metrics.enable.exploding=true",
				"management.metrics.enable.observable=true", "observable-metrics.max-series-per-metric=5");
		// a first scrape while everything works, then the failures
		app.scrape();
		app.bean(Flaky.class).failing = true;
		app.bean(RobustnessTests.Garbage.class).decrease = true;
	}

	@BeforeEach
	void requirePromtool() {
		this.promtool = Promtool.require();
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void theTextFormatOfMisbehavingCallbacksLintsClean() throws Exception {
		String scrape = app.scrapeAs(null, "text/plain");
		assertCoversTheFaults(scrape);
		Promtool.Check check = this.promtool.checkMetrics(scrape);
		assertThat(check.problems()).as("promtool check metrics on%n%s", scrape).isEmpty();
		assertThat(check.exitCode()).isZero();
	}

	@Test
	void theOpenMetricsFormatOfMisbehavingCallbacksParsesToItsEofTerminator() throws Exception {
		String scrape = app.scrapeAs(Promtool.OPENMETRICS, "application/openmetrics-text");
		assertCoversTheFaults(scrape);
		this.promtool.assertParsesAsOpenMetrics(scrape);
	}

	/**
	 * Guards against a scrape that lost its hard cases, which would lint clean for the
	 * wrong reason.
	 */
	private static void assertCoversTheFaults(String scrape) {
		assertThat(scrape).contains("say \\\"hi\\\"")
			.contains("C:\\\\temp\\\\")
			.contains("first line\\nsecond line")
			.contains("Grüße, 温度, ☃")
			.contains("Zürich")
			.contains("faults_flaky_level{pool=\"main\"} NaN")
			.contains("faults_flaky_handled_total{pool=\"main\"} 7.0")
			.contains("faults_heap_bytes")
			.contains("faults_busy_seconds_total")
			.contains("faults_elapsed_seconds")
			.contains("faults_in_flight")
			.contains("garbage_total{kind=\"good\"} 5.0")
			.contains("observable_metrics_series_dropped_total{metric=\"exploding.users\"}")
			.contains("otel_metric_overflow=\"true\"")
			.contains("observable_metrics_callback_errors_total{reason=\"exception\"}");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class FaultsConfiguration {

		@Bean
		Escapes escapes() {
			return new Escapes();
		}

		@Bean
		Units units() {
			return new Units();
		}

		@Bean
		Flaky flaky() {
			return new Flaky();
		}

		@Bean
		RobustnessTests.Garbage garbage() {
			return new RobustnessTests.Garbage();
		}

		@Bean
		RobustnessTests.Exploding exploding() {
			return new RobustnessTests.Exploding();
		}

	}

	static class Escapes {

		@ObservableMetric(name = "faults.labels", tags = "site=Zürich \"Nord\"",
				description = "Label values that need escaping.\nA second line with a backslash \\ and \"quotes\".")
		void labels(MetricObserver observer) {
			observer.observe(1, "value", "say \"hi\"");
			observer.observe(2, "value", "C:\\temp\\");
			observer.observe(3, "value", "first line\nsecond line");
			observer.observe(4, "value", "Grüße, 温度, ☃");
		}

	}

	static class Units {

		private final AtomicLong busyNanos = new AtomicLong();

		@ObservableMetric(name = "faults.heap", unit = "bytes", description = "Heap in use")
		long heap() {
			return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
		}

		@ObservableMetric(name = "faults.busy", type = Type.COUNTER, unit = "seconds", description = "Time spent busy")
		double busy() {
			return this.busyNanos.addAndGet(1_500_000_000) / 1e9;
		}

		@ObservableMetric(name = "faults.elapsed", description = "Time since the last run")
		Duration elapsed() {
			return Duration.ofMillis(2500);
		}

		@ObservableMetric(name = "faults.in.flight", type = Type.UP_DOWN_COUNTER, description = "Requests in flight")
		int inFlight() {
			return -3;
		}

	}

	/**
	 * Works once, then throws: its gauge reports NaN and its counter its last value.
	 */
	static class Flaky {

		volatile boolean failing;

		@ObservableMetric(name = "faults.flaky.level", description = "A level that cannot be read any more")
		@ObservableMetric(name = "faults.flaky.handled", type = Type.COUNTER, description = "Items handled")
		void report(MetricObserver observer) {
			if (this.failing) {
				throw new IllegalStateException("the pool is gone");
			}
			observer.observe("faults.flaky.level", 0.5, "pool", "main");
			observer.observe("faults.flaky.handled", 7, "pool", "main");
		}

	}

}
