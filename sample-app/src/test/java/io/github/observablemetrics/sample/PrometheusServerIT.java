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

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.github.observablemetrics.test.ExternalTool;
import io.github.observablemetrics.test.RunningApplication;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application scraped by a real Prometheus server every second, and what
 * Prometheus stored, read back through its HTTP API. Every wait polls the API with a
 * deadline.
 * <p>
 * Prometheus asks for OpenMetrics first and the application answers in it, so these tests
 * also show Prometheus' own scrape parsing the OpenMetrics exposition: the metadata of a
 * counter is under its OpenMetrics family name, without {@code _total}.
 * <p>
 * The server also evaluates the starter's Prometheus rules. The application runs with
 * {@code observable-metrics.max-series-per-metric} at {@value #MAX_SERIES}, which the
 * tests stay within but the last ones: they start more tasks than that, so that the task
 * start-time gauge drops series and the task runtime counter folds them, and then check
 * the rules' alert and run every query of the Grafana dashboard.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusServerIT {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	/**
	 * A task that runs through all the tests, so that its runtime grows.
	 */
	private static final String RUNNING_TASK = "e2e-running";

	/**
	 * The cardinality cap the application runs with: more series than any test but the
	 * last ones has a callback report.
	 */
	private static final int MAX_SERIES = 3;

	private static RunningApplication app;

	private static PrometheusServer prometheus;

	@BeforeAll
	static void start() throws IOException {
		Optional<ExternalTool> executable = PrometheusServer.find();
		if (executable.isEmpty()) {
			return;
		}
		app = RunningApplication.run(SampleApplication.class,
				"--observable-metrics.max-series-per-metric=" + MAX_SERIES);
		assertThat(app.send("PUT", "/tasks/" + RUNNING_TASK, null).statusCode()).isEqualTo(201);
		prometheus = PrometheusServer.scraping(executable.get(), app.port(), "/actuator/prometheus");
	}

	@BeforeEach
	void requirePrometheus() {
		PrometheusServer.require();
	}

	@AfterAll
	static void stop() {
		try {
			if (prometheus != null) {
				prometheus.close();
			}
		}
		finally {
			if (app != null) {
				app.close();
			}
		}
	}

	@Test
	void theSampleApplicationIsAHealthyTarget() {
		Map<String, Object> target = await("a scraped target").atMost(DEADLINE)
			.until(() -> prometheus.activeTargets()
				.stream()
				.filter((candidate) -> candidate.get("lastScrape") != null
						&& !candidate.get("lastScrape").toString().startsWith("0001"))
				.findFirst(), (found) -> found.isPresent())
			.orElseThrow();
		assertThat(target).containsEntry("health", "up")
			.containsEntry("lastError", "")
			.containsEntry("scrapeUrl", "http://127.0.0.1:" + app.port() + "/actuator/prometheus");
		assertThat(value(awaitSeries("up").get(0))).isEqualTo(1.0);
	}

	@Test
	void everyCallbackMetricIsStoredWithItsValueLabelsAndType() throws IOException {
		List<Stored> expected = new ArrayList<>(List.of(
				new Stored("goframe_metric_demo_observable_counter", "counter",
						"This is a simple demo for ObservableCounter usage", Map.of("const_attr_3", "3"),
						(value) -> assertThat(value).isEqualTo(10.0)),
				new Stored("goframe_metric_demo_async_observable_counter_percent", "counter",
						"This is a simple demo for ObservableCounter usage", Map.of(),
						(value) -> assertThat(value).isEqualTo(10.0)),
				new Stored("goframe_metric_demo_async_observable_updown_counter_percent", "gauge",
						"This is a simple demo for ObservableUpDownCounter usage", Map.of(),
						(value) -> assertThat(value).isEqualTo(20.0)),
				new Stored("goframe_metric_demo_async_observable_gauge_percent", "gauge",
						"This is a simple demo for ObservableGauge usage", Map.of(),
						(value) -> assertThat(value).isEqualTo(30.0)),
				new Stored("temperature_celsius", "gauge", "Current temperature in Celsius", Map.of(),
						(value) -> assertThat(value).isBetween(20.0, 30.0)),
				new Stored("app_threads_live", "gauge", "The number of live threads of the application", Map.of(),
						(value) -> assertThat(value).isPositive()),
				new Stored("app_task_runtime_seconds", "counter", "How long each running task has run",
						Map.of("task", RUNNING_TASK), (value) -> assertThat(value).isNotNegative())));
		if (Files.isReadable(SampleApplicationTests.MEMINFO)) {
			double total = SampleApplicationTests.meminfoKiloBytes("MemTotal") * 1024.0;
			expected.add(new Stored("memory_total_bytes", "gauge", "Total memory in bytes", Map.of(),
					(value) -> assertThat(value).isEqualTo(total)));
			expected.add(new Stored("memory_used_bytes", "gauge", "Used memory in bytes", Map.of(),
					(value) -> assertThat(value).isPositive().isLessThan(total)));
			expected.add(new Stored("memory_free_bytes", "gauge", "Free memory in bytes", Map.of(),
					(value) -> assertThat(value).isPositive().isLessThan(total)));
		}
		for (Stored metric : expected) {
			List<Map<String, Object>> result = awaitSeries(metric.series());
			assertThat(result).as(metric.series()).hasSize(1);
			assertThat(labels(result.get(0))).as(metric.series()).isEqualTo(metric.labels());
			assertThat(value(result.get(0))).as(metric.series()).satisfies(metric.value());
			assertThat(prometheus.metadata(metric.family())).as(metric.family())
				.containsExactly(Map.of("type", metric.type(), "help", metric.help(), "unit", ""));
		}
	}

	@Test
	void rateOfACounterCallbackIsPositiveWhileItGrows() {
		String rate = "rate(app_task_runtime_seconds_total{task=\"" + RUNNING_TASK + "\"}[5s])";
		// rate() needs two samples in its window
		List<Map<String, Object>> result = awaitSeries(rate);
		assertThat(result).hasSize(1);
		assertThat(value(result.get(0))).isPositive();
	}

	@Test
	void aSeriesTheCallbackStopsObservingGoesStale() {
		long start = Instant.now().getEpochSecond() - 1;
		String stopping = "app_task_runtime_seconds_total{task=\"e2e-stopping\"}";
		assertThat(app.send("PUT", "/tasks/e2e-stopping", null).statusCode()).isEqualTo(201);
		awaitSeries(stopping);
		assertThat(app.send("DELETE", "/tasks/e2e-stopping", null).statusCode()).isEqualTo(204);
		// without a staleness marker, an instant query finds a series for five minutes
		// after its last sample
		await("the stopped task's series stale").atMost(DEADLINE).until(() -> prometheus.query(stopping).isEmpty());
		assertThat(prometheus.series(stopping, start)).as("stored, and stale").hasSize(1);
		assertThat(prometheus.query("app_task_runtime_seconds_total{task=\"" + RUNNING_TASK + "\"}"))
			.as("the running task's series")
			.hasSize(1);
	}

	@Test
	void theStartersSelfMetricsCostAHealthyCallbackNoSeries() {
		// the application-wide ones are stored
		assertThat(value(awaitSeries("observable_metrics_callback_timeout_seconds").get(0))).isEqualTo(5.0);
		// by default a callback has series of its own only once it has failed, and these
		// never fail (the outage test makes inventoryService.items fail)
		String healthy = String.join("|", "goFrameAsyncMetrics.observe", "goFrameCallbackMetrics.observableCounter",
				"liveThreadsGauge.liveThreads", "memoryCollector.collect", "taskBoard.runtime", "taskBoard.startTime",
				"temperatureGauge.temperature", "garbageCollections.collections");
		assertThat(awaitSeries("app_task_runtime_seconds_total")).isNotEmpty();
		assertThat(prometheus.query("{__name__=~\"observable_metrics_.+\", callback=~\"" + healthy + "\"}")).isEmpty();
		assertThat(awaitSeries("observable_metrics_callback_errors_total"))
			.extracting((series) -> labels(series).get("reason"))
			.containsExactlyInAnyOrder("exception", "timeout", "invalid");
		assertThat(value(awaitSeries("sum(observable_metrics_callback_errors_total)").get(0))).isZero();
		assertThat(prometheus.metadata("observable_metrics_callback_errors")).extracting((entry) -> entry.get("type"))
			.containsExactly("counter");
		assertThat(prometheus.metadata("observable_metrics_scrape_wait_seconds"))
			.extracting((entry) -> entry.get("type"))
			.containsExactly("summary");
	}

	@Test
	@Order(Integer.MAX_VALUE - 2)
	void theRulesAlertOnTheSeriesAGaugeDropsBeyondTheCap() {
		runMoreTasksThanTheCap();
		Map<String, Object> alert = await("the dropped-series alert").atMost(DEADLINE)
			.until(() -> prometheus.alerts()
				.stream()
				.filter((candidate) -> "ObservableMetricsSeriesDropped".equals(label(candidate, "alertname"))
						&& TaskBoard.START_TIME.equals(label(candidate, "metric")))
				.findFirst(), Optional::isPresent)
			.orElseThrow();
		assertThat(alert).containsEntry("state", "firing");
		assertThat(label(alert, "instance")).isEqualTo("127.0.0.1:" + app.port());
		assertThat(annotation(alert, "summary")).contains(TaskBoard.START_TIME);
		assertThat(prometheus.alerts()).as("alerts on the healthy callbacks")
			.noneSatisfy((other) -> assertThat(label(other, "alertname")).isIn("ObservableMetricsCallbackDown",
					"ObservableMetricsCallbackTimeouts"));
	}

	/**
	 * After the outage: by default a callback has its up and duration series once it has
	 * failed, and the dashboard's per-callback panels show those of the callback the
	 * outage made fail.
	 */
	@Test
	@Order(Integer.MAX_VALUE)
	void everyQueryOfTheGrafanaDashboardIsValidAndReturnsData() throws IOException {
		runMoreTasksThanTheCap();
		GrafanaDashboard dashboard = GrafanaDashboard.read(Observability.dashboard());
		Map<String, String> problems = new LinkedHashMap<>();
		try {
			await("every dashboard query with data").atMost(DEADLINE).until(() -> {
				problems.clear();
				for (String expression : dashboard.panelExpressions()) {
					String query = GrafanaDashboard.runnable(expression);
					try {
						if (prometheus.query(query).isEmpty()) {
							problems.put(query, "no data");
						}
					}
					catch (IllegalStateException ex) {
						problems.put(query, ex.getMessage());
					}
				}
				for (Map<String, Object> variable : dashboard.queryVariables()) {
					GrafanaDashboard.LabelValues query = GrafanaDashboard
						.labelValues((String) variable.get("definition"));
					if (prometheus.labelValues(query.label(), query.selector()).isEmpty()) {
						problems.put("$" + variable.get("name") + ": " + variable.get("definition"), "no values");
					}
				}
				return problems.isEmpty();
			});
		}
		catch (ConditionTimeoutException ex) {
			// the queries still in trouble are reported below
		}
		assertThat(problems).as("dashboard queries that are invalid or return no data after %s", DEADLINE).isEmpty();
	}

	/**
	 * A job whose {@code scrape_timeout} (1s) is shorter than the callback timeout (5s),
	 * and a callback that hangs: the scrape keeps Prometheus' deadline, so the target
	 * stays up and the other callbacks' metrics are stored, while the hung callback is
	 * reported as down. Late, as it leaves a timeout behind.
	 */
	@Test
	@Order(Integer.MAX_VALUE - 1)
	void aHungCallbackCostsItsOwnMetricsNeverTheTargetsUp() {
		long outageStart = System.currentTimeMillis();
		assertThat(app.send("PUT", "/inventory/outage", null).statusCode()).isEqualTo(200);
		try {
			awaitSeries("observable_metrics_callback_up{callback=\"inventoryService.items\"} == 0");
			assertThat(prometheus.metadata("observable_metrics_callback_up")).extracting((entry) -> entry.get("type"))
				.containsExactly("gauge");
			assertThat(awaitSeries("observable_metrics_callback_duration_seconds{callback=\"inventoryService.items\"}"))
				.hasSize(1);
			awaitSeries("observable_metrics_callback_errors_total{reason=\"timeout\"} > 0");
			// five scrapes of the target since the outage started; windows in
			// milliseconds, so that each starts when the outage did
			await("five scrapes during the outage").atMost(DEADLINE).until(() -> {
				List<Map<String, Object>> scrapes = prometheus
					.query("count_over_time(up{job=\"sample-app\"}" + since(outageStart) + ")");
				return !scrapes.isEmpty() && value(scrapes.get(0)) >= 5;
			});
			// every query below at one evaluation time, over one window: they see the
			// same
			// scrapes
			long evaluation = System.currentTimeMillis();
			String since = since(outageStart, evaluation);
			double scrapes = valueAt("count_over_time(up{job=\"sample-app\"}" + since + ")", evaluation);
			assertThat(scrapes).as("scrapes of the target during the outage").isGreaterThanOrEqualTo(5.0);
			assertThat(valueAt("min_over_time(up{job=\"sample-app\"}" + since + ")", evaluation))
				.as("the target's up during the outage, over %s", since)
				.isEqualTo(1.0);
			assertThat(valueAt("count_over_time(app_threads_live" + since + ")", evaluation))
				.as("another callback's samples stored during the outage, one per scrape")
				.isEqualTo(scrapes);
			assertThat(valueAt("max_over_time(observable_metrics_scrape_wait_seconds_max" + since + ")", evaluation))
				.as("the longest wait for callbacks")
				.isLessThan(1.0);
		}
		finally {
			app.send("DELETE", "/inventory/outage", null);
		}
	}

	/**
	 * Runs two tasks more than the cap, and waits until the gauge of their start times
	 * has dropped series.
	 */
	private static void runMoreTasksThanTheCap() {
		for (int i = 1; i < MAX_SERIES + 2; i++) {
			assertThat(app.send("PUT", "/tasks/e2e-beyond-cap-" + i, null).statusCode()).isIn(200, 201);
		}
		awaitSeries("observable_metrics_series_dropped_total{metric=\"" + TaskBoard.START_TIME + "\"} > 0");
	}

	private static String label(Map<String, Object> alert, String name) {
		return entry(alert, "labels", name);
	}

	private static String annotation(Map<String, Object> alert, String name) {
		return entry(alert, "annotations", name);
	}

	@SuppressWarnings("unchecked")
	private static String entry(Map<String, Object> alert, String map, String name) {
		return ((Map<String, String>) alert.get(map)).get(name);
	}

	/**
	 * A range selector's window from a start until now.
	 */
	private static String since(long startEpochMillis) {
		return since(startEpochMillis, System.currentTimeMillis());
	}

	/**
	 * A range selector's window from a start until an evaluation time, in milliseconds.
	 */
	private static String since(long startEpochMillis, long evaluationEpochMillis) {
		return "[" + Math.max(1, evaluationEpochMillis - startEpochMillis) + "ms]";
	}

	/**
	 * The value of the one series a query returns at an evaluation time.
	 */
	private static double valueAt(String promql, long evaluationEpochMillis) {
		List<Map<String, Object>> result = prometheus.query(promql, evaluationEpochMillis);
		assertThat(result).as("the series of %s", promql).hasSize(1);
		return value(result.get(0));
	}

	private static List<Map<String, Object>> awaitSeries(String promql) {
		return await(promql).atMost(DEADLINE).until(() -> prometheus.query(promql), (result) -> !result.isEmpty());
	}

	/**
	 * The labels of a stored series, without the name and the target's labels, after
	 * checking the target's labels.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, String> labels(Map<String, Object> series) {
		Map<String, String> labels = new HashMap<>((Map<String, String>) series.get("metric"));
		labels.remove("__name__");
		if (labels.containsKey("job")) {
			assertThat(labels.remove("job")).isEqualTo("sample-app");
			assertThat(labels.remove("instance")).isEqualTo("127.0.0.1:" + app.port());
		}
		return labels;
	}

	private static double value(Map<String, Object> series) {
		List<?> value = (List<?>) series.get("value");
		return Double.parseDouble(value.get(1).toString());
	}

	/**
	 * A callback metric as Prometheus should store it.
	 *
	 * @param family the OpenMetrics family name, under which Prometheus keeps the type
	 * @param type the type
	 * @param help the help text
	 * @param labels the labels of its one series, besides the target's
	 * @param value what its value must satisfy
	 */
	private record Stored(String family, String type, String help, Map<String, String> labels, Consumer<Double> value) {

		/**
		 * The stored series' name: counters end in {@code _total}.
		 */
		String series() {
			String name = "counter".equals(this.type) ? this.family + "_total" : this.family;
			StringBuilder selector = new StringBuilder(name).append('{');
			this.labels.forEach((key, value) -> selector.append(key).append("=\"").append(value).append("\","));
			return selector.append('}').toString();
		}

	}

}
