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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the sample application on a random port and reads what Prometheus would read:
 * {@code /actuator/prometheus} over HTTP. Each test checks the lines of one example of
 * the seed documents.
 *
 * @author The Observable Metrics team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	static final Path MEMINFO = Path.of("/proc/meminfo");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Test
	void goFrameRegularCounterReadsElevenAfterAnIncrementAndAnAddOfTen() throws Exception {
		Scrape scrape = scrape();
		assertThat(scrape.value("goframe_metric_demo_counter_total{const_attr_1=\"1\"}")).isEqualTo(11.0);
		assertThat(scrape.help()).containsEntry("goframe_metric_demo_counter_total",
				"This is a simple demo for Counter usage");
		assertThat(scrape.types()).containsEntry("goframe_metric_demo_counter_total", "counter");
	}

	@Test
	void goFrameObservableCounterReportsTenWithItsConstantTag() throws Exception {
		Scrape scrape = scrape();
		assertThat(scrape.seriesOf("goframe_metric_demo_observable_counter_total"))
			.containsExactly(Map.entry("goframe_metric_demo_observable_counter_total{const_attr_3=\"3\"}", 10.0));
		assertThat(scrape.help()).containsEntry("goframe_metric_demo_observable_counter_total",
				"This is a simple demo for ObservableCounter usage");
		assertThat(scrape.types()).containsEntry("goframe_metric_demo_observable_counter_total", "counter");
	}

	@Test
	void goFrameAsyncCallbackFeedsACounterAnUpDownCounterAndAGaugeInPercent() throws Exception {
		Scrape scrape = scrape();
		assertThat(scrape.value("goframe_metric_demo_async_observable_counter_percent_total")).isEqualTo(10.0);
		assertThat(scrape.value("goframe_metric_demo_async_observable_updown_counter_percent")).isEqualTo(20.0);
		assertThat(scrape.value("goframe_metric_demo_async_observable_gauge_percent")).isEqualTo(30.0);
		assertThat(scrape.types())
			.containsEntry("goframe_metric_demo_async_observable_counter_percent_total", "counter")
			.containsEntry("goframe_metric_demo_async_observable_updown_counter_percent", "gauge")
			.containsEntry("goframe_metric_demo_async_observable_gauge_percent", "gauge");
		assertThat(scrape.help())
			.containsEntry("goframe_metric_demo_async_observable_counter_percent_total",
					"This is a simple demo for ObservableCounter usage")
			.containsEntry("goframe_metric_demo_async_observable_updown_counter_percent",
					"This is a simple demo for ObservableUpDownCounter usage")
			.containsEntry("goframe_metric_demo_async_observable_gauge_percent",
					"This is a simple demo for ObservableGauge usage");
	}

	@Test
	void helloAnswersAndCountsEachRequestInEp1Counter() throws Exception {
		double before = scrape().value("ep1_counter_total");
		HttpResponse<String> hello = get("/hello");
		assertThat(hello.statusCode()).isEqualTo(200);
		assertThat(hello.body()).isEqualTo("Hello from Prometheus Exporter!");
		Scrape after = scrape();
		assertThat(after.value("ep1_counter_total")).isEqualTo(before + 1);
		assertThat(after.help()).containsEntry("ep1_counter_total", "ep1 hello counter metric.");
	}

	@Test
	void temperatureIsComputedAtEachScrapeBetweenTwentyAndThirtyDegrees() throws Exception {
		Scrape first = scrape();
		Scrape second = scrape();
		assertThat(first.value("temperature_celsius")).isBetween(20.0, 30.0);
		assertThat(second.value("temperature_celsius")).isBetween(20.0, 30.0)
			.isNotEqualTo(first.value("temperature_celsius"));
		assertThat(first.help()).containsEntry("temperature_celsius", "Current temperature in Celsius");
		assertThat(first.types()).containsEntry("temperature_celsius", "gauge");
	}

	@Test
	void requestDurationHistogramHasThePrometheusClientDefaultBuckets() throws Exception {
		Scrape scrape = await().atMost(Duration.ofSeconds(10))
			.until(this::scrape, (read) -> read.value("request_duration_seconds_count") >= 1);
		assertThat(scrape.seriesOf("request_duration_seconds_bucket").keySet()).containsExactly(
				bucket("request_duration_seconds", "0.005"), bucket("request_duration_seconds", "0.01"),
				bucket("request_duration_seconds", "0.025"), bucket("request_duration_seconds", "0.05"),
				bucket("request_duration_seconds", "0.1"), bucket("request_duration_seconds", "0.25"),
				bucket("request_duration_seconds", "0.5"), bucket("request_duration_seconds", "1.0"),
				bucket("request_duration_seconds", "2.5"), bucket("request_duration_seconds", "5.0"),
				bucket("request_duration_seconds", "10.0"), bucket("request_duration_seconds", "+Inf"));
		// every simulated request takes less than 100 ms
		double count = scrape.value("request_duration_seconds_count");
		assertThat(scrape.value(bucket("request_duration_seconds", "0.1"))).isEqualTo(count);
		assertThat(scrape.value(bucket("request_duration_seconds", "+Inf"))).isEqualTo(count);
		assertThat(scrape.value("request_duration_seconds_sum")).isBetween(0.0, count * 0.1);
		assertThat(scrape.help()).containsEntry("request_duration_seconds", "Duration of requests in seconds");
		assertThat(scrape.types()).containsEntry("request_duration_seconds", "histogram");
	}

	@Test
	void requestLatencySummaryPublishesTheMedianAndTheNinetiethAndNinetyNinthPercentiles() throws Exception {
		Scrape scrape = await().atMost(Duration.ofSeconds(10))
			.until(this::scrape, (read) -> read.value("request_latency_seconds_count") >= 1);
		for (String quantile : List.of("0.5", "0.9", "0.99")) {
			assertThat(scrape.value("request_latency_seconds{quantile=\"" + quantile + "\"}")).as(quantile)
				.isBetween(0.0, 0.1);
		}
		assertThat(scrape.help()).containsEntry("request_latency_seconds", "Latency of requests in seconds");
		assertThat(scrape.types()).containsEntry("request_latency_seconds", "summary");
	}

	@Test
	void pondTemperatureHistogramCountsTheThousandObservationsInFiveLinearBuckets() throws Exception {
		Scrape scrape = scrape();
		// counted from 30 + floor(120 * sin(i * 0.1)) / 10 for i in [0, 1000)
		assertThat(scrape.seriesOf("pond_temperature_celsius_bucket")).containsExactly(
				Map.entry(bucket("pond_temperature_celsius", "20.0"), 192.0),
				Map.entry(bucket("pond_temperature_celsius", "25.0"), 366.0),
				Map.entry(bucket("pond_temperature_celsius", "30.0"), 501.0),
				Map.entry(bucket("pond_temperature_celsius", "35.0"), 638.0),
				Map.entry(bucket("pond_temperature_celsius", "40.0"), 816.0),
				Map.entry(bucket("pond_temperature_celsius", "+Inf"), 1000.0));
		assertThat(scrape.value("pond_temperature_celsius_count")).isEqualTo(1000.0);
		assertThat(scrape.value("pond_temperature_celsius_sum")).isCloseTo(29969.5, within(1e-6));
		assertThat(scrape.help()).containsEntry("pond_temperature_celsius", "The temperature of the frog pond.");
		assertThat(scrape.types()).containsEntry("pond_temperature_celsius", "histogram");
	}

	@Test
	void pondTemperatureSummaryPublishesQuantilesCloseToTheExactOnes() throws Exception {
		Scrape scrape = scrape();
		// the exact quantiles of the observations are 30.0, 41.3 and 41.9
		assertThat(scrape.value("pond_temperature_summary_celsius{quantile=\"0.5\"}")).isCloseTo(30.0, within(0.1));
		assertThat(scrape.value("pond_temperature_summary_celsius{quantile=\"0.9\"}")).isCloseTo(41.3, within(0.1));
		assertThat(scrape.value("pond_temperature_summary_celsius{quantile=\"0.99\"}")).isCloseTo(41.9, within(0.1));
		assertThat(scrape.value("pond_temperature_summary_celsius_count")).isEqualTo(1000.0);
		assertThat(scrape.help()).containsEntry("pond_temperature_summary_celsius",
				"The temperature of the frog pond.");
		assertThat(scrape.types()).containsEntry("pond_temperature_summary_celsius", "summary");
	}

	@Test
	void httpRequestsCounterKeepsOnlyThe404PostSeriesOnceThe200GetSeriesIsDeleted() throws Exception {
		Scrape scrape = scrape();
		assertThat(scrape.seriesOf("http_requests_total"))
			.containsExactly(Map.entry("http_requests_total{code=\"404\",method=\"POST\"}", 42.0));
		assertThat(scrape.help()).containsEntry("http_requests_total",
				"How many HTTP requests processed, partitioned by status code and HTTP method.");
	}

	@Test
	void garbageCollectionsAreOneTimerSeriesPerCollector() throws Exception {
		System.gc();
		Scrape scrape = scrape();
		Map<String, Double> counts = scrape.seriesOf("app_gc_collection_seconds_count");
		assertThat(counts).isNotEmpty()
			.allSatisfy((series, count) -> assertThat(series).contains("collector=\""))
			.allSatisfy((series, count) -> assertThat(count).isNotNegative());
		assertThat(counts.values()).anyMatch((count) -> count >= 1);
		assertThat(scrape.seriesOf("app_gc_collection_seconds_sum")).hasSameSizeAs(counts);
		assertThat(scrape.types()).containsEntry("app_gc_collection_seconds", "summary");
	}

	@Test
	void memoryCollectorReportsProcMeminfoInBytes() throws Exception {
		assumeThat(Files.isReadable(MEMINFO)).as("/proc/meminfo exists (Linux)").isTrue();
		Scrape scrape = scrape();
		double total = scrape.value("memory_total_bytes");
		assertThat(total).isPositive().isEqualTo(meminfoKiloBytes("MemTotal") * 1024.0);
		assertThat(scrape.value("memory_used_bytes")).isPositive().isLessThan(total);
		assertThat(scrape.value("memory_free_bytes")).isPositive().isLessThan(total);
		assertThat(scrape.help()).containsEntry("memory_total_bytes", "Total memory in bytes")
			.containsEntry("memory_used_bytes", "Used memory in bytes")
			.containsEntry("memory_free_bytes", "Free memory in bytes");
	}

	@Test
	void memoryCollectorReportsNothingWithoutProcMeminfo() throws Exception {
		assumeThat(Files.isReadable(MEMINFO)).as("/proc/meminfo is missing (not Linux)").isFalse();
		assertThat(scrape().samples()).doesNotContainKeys("memory_total_bytes", "memory_used_bytes",
				"memory_free_bytes");
	}

	@Test
	void liveThreadsGaugeCountsTheThreadsOfTheApplication() throws Exception {
		Scrape scrape = scrape();
		assertThat(scrape.value("app_threads_live")).isPositive();
		assertThat(scrape.types()).containsEntry("app_threads_live", "gauge");
	}

	@Test
	void diskSpaceGaugeTakesItsValueFromAFuture() throws Exception {
		Scrape scrape = scrape();
		assertThat(scrape.value("app_disk_usable_bytes")).isPositive();
		assertThat(scrape.types()).containsEntry("app_disk_usable_bytes", "gauge");
		assertThat(scrape.help()).containsEntry("app_disk_usable_bytes",
				"Usable space on the disk of the working directory");
	}

	@Test
	void taskRuntimeCounterGrowsWhileATaskRunsAndLeavesTheScrapeWhenTheTaskStops() throws Exception {
		String series = "app_task_runtime_seconds_total{task=\"scrape-check\"}";
		assertThat(send("PUT", "/tasks/scrape-check").statusCode()).isEqualTo(201);
		Scrape first = scrape();
		Scrape later = await().atMost(Duration.ofSeconds(10))
			.until(this::scrape, (read) -> read.value(series) > first.value(series));
		assertThat(first.value(series)).isNotNegative();
		assertThat(later.types()).containsEntry("app_task_runtime_seconds_total", "counter");
		assertThat(later.help()).containsEntry("app_task_runtime_seconds_total", "How long each running task has run");
		assertThat(send("DELETE", "/tasks/scrape-check").statusCode()).isEqualTo(204);
		assertThat(scrape().samples()).doesNotContainKey(series);
	}

	@Test
	void taskBoardRefusesNamesThatWouldMakeBadTagValues() throws Exception {
		assertThat(send("PUT", "/tasks/Not%20A%20Name").statusCode()).isEqualTo(400);
		assertThat(send("DELETE", "/tasks/never-started").statusCode()).isEqualTo(404);
	}

	@Test
	void ordersByStatusAreTheRowsOfARepositoryQueryOneSeriesPerStatus() throws Exception {
		// the scheduled traffic inserts an order every second, the first at start-up
		Scrape scrape = await().atMost(Duration.ofSeconds(10))
			.until(this::scrape, (read) -> !read.seriesOf("orders_by_status").isEmpty());
		assertThat(scrape.seriesOf("orders_by_status")).isNotEmpty()
			.allSatisfy((series, count) -> assertThat(series)
				.matches("orders_by_status\\{status=\"(WAITING|SHIPPED|CANCELLED)\"\\}"))
			.allSatisfy((series, count) -> assertThat(count).isGreaterThanOrEqualTo(1.0));
		assertThat(scrape.help()).containsEntry("orders_by_status", "Orders by status");
		assertThat(scrape.types()).containsEntry("orders_by_status", "gauge");
	}

	@Test
	void eachConnectionPoolIsARowFeedingTheActiveAndTheIdleGauge() throws Exception {
		Scrape scrape = scrape();
		Map<String, Double> active = scrape.seriesOf("pool_active");
		Map<String, Double> idle = scrape.seriesOf("pool_idle");
		assertThat(active).isNotEmpty()
			.allSatisfy((series, count) -> assertThat(series).matches("pool_active\\{pool=\"HikariPool-\\d+\"\\}"))
			.allSatisfy((series, count) -> assertThat(count).isNotNegative());
		assertThat(idle.keySet()).containsExactlyInAnyOrderElementsOf(
				active.keySet().stream().map((series) -> series.replace("pool_active", "pool_idle")).toList());
		assertThat(scrape.help()).containsEntry("pool_active", "Connections in use")
			.containsEntry("pool_idle", "Connections open and unused");
	}

	private Scrape scrape() {
		try {
			HttpResponse<String> response = get("/actuator/prometheus");
			assertThat(response.statusCode()).isEqualTo(200);
			return Scrape.parse(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(10))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static String bucket(String name, String le) {
		return name + "_bucket{le=\"" + le + "\"}";
	}

	static long meminfoKiloBytes(String field) throws IOException {
		return Files.readAllLines(MEMINFO)
			.stream()
			.filter((line) -> line.startsWith(field + ":"))
			.map((line) -> Long.parseLong(line.split("\\s+")[1]))
			.findFirst()
			.orElseThrow();
	}

}
