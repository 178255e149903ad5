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

package io.github.observablemetrics.sample;

import java.util.List;
import java.util.Set;

import io.github.observablemetrics.test.Promtool;
import io.github.observablemetrics.test.Promtool.Problem;
import io.github.observablemetrics.test.RunningApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application's scrape, judged by Prometheus' {@code promtool} in both
 * exposition formats. Its lint findings on meters that are not the starter's are set
 * aside, each group with its reason; everything else must lint clean.
 */
class SamplePromtoolIT {

	/**
	 * Meters of Spring Boot and Micrometer binders (missing help texts on Tomcat's,
	 * {@code http.server.requests} and {@code tasks.scheduled.execution} meters,
	 * {@code _ms} and {@code _ns} in JVM names, a {@code system_cpu_count} gauge): not
	 * this starter's to fix.
	 */
	private static final List<String> SPRING_BOOT_METERS = List.of("http_server_requests_", "jvm_", "process_",
			"system_", "tasks_scheduled_execution_", "tomcat_");

	/**
	 * Names the guides chose and the sample keeps in order to reproduce them, with the
	 * type in the name ({@code ep1_counter}, {@code goframe.metric.demo.counter}, ...).
	 */
	private static final Set<String> GUIDES_NAMES = Set.of("ep1_counter_total", "goframe_metric_demo_counter_total",
			"goframe_metric_demo_observable_counter_total",
			"goframe_metric_demo_async_observable_counter_percent_total",
			"goframe_metric_demo_async_observable_updown_counter_percent",
			"goframe_metric_demo_async_observable_gauge_percent", "pond_temperature_summary_celsius",
			"pond_temperature_summary_celsius_max");

	private static RunningApplication app;

	private Promtool promtool;

	@BeforeAll
	static void start() {
		if (!Promtool.isInstalled()) {
			return;
		}
		// every callback with its self-metrics, so that promtool lints those too
		app = RunningApplication.run(SampleApplication.class, "--observable-metrics.self-metrics.callbacks=all");
		// every kind of series: a task's runtime, and a request for the HTTP meters
		assertThat(app.send("PUT", "/tasks/promtool", null).statusCode()).isEqualTo(201);
		app.get("/hello");
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
	void theTextFormatLintsCleanApartFromSpringBootsMetersAndTheGuidesNames() throws Exception {
		String scrape = app.scrapeAs(null, "text/plain");
		assertThat(scrape).contains("app_task_runtime_seconds_total{task=\"promtool\"}")
			.contains("observable_metrics_callback_up{callback=\"taskBoard.runtime\"} 1.0");
		Promtool.Check check = this.promtool.checkMetrics(scrape);
		assertThat(check.parsed()).as(check.output()).isTrue();
		assertThat(check.problems()).filteredOn((problem) -> !isSetAside(problem))
			.as("promtool check metrics on%n%s", scrape)
			.isEmpty();
	}

	@Test
	void theOpenMetricsFormatParsesToItsEofTerminator() throws Exception {
		String scrape = app.scrapeAs(Promtool.OPENMETRICS, "application/openmetrics-text");
		this.promtool.assertParsesAsOpenMetrics(scrape);
	}

	private static boolean isSetAside(Problem problem) {
		if (SPRING_BOOT_METERS.stream().anyMatch(problem.metric()::startsWith)) {
			return true;
		}
		return GUIDES_NAMES.contains(problem.metric())
				&& problem.text().startsWith("metric name should not include type");
	}

}
