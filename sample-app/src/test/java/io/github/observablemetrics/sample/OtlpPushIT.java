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
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.observablemetrics.test.PrometheusText;
import io.github.observablemetrics.test.RunningApplication;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application with its {@code otlp} profile, pushing to an OTLP/HTTP receiver
 * on loopback every second beside its Prometheus endpoint. What arrives is decoded with
 * the {@code opentelemetry-proto} messages. The one test that scrapes the application
 * runs last: until then, the callbacks run only because the push registry reads their
 * meters.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OtlpPushIT {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private static final String CALLBACK_RUNS = "observable.metrics.callback.runs";

	private static OtlpReceiver receiver;

	private static RunningApplication app;

	@BeforeAll
	static void start() throws IOException {
		receiver = OtlpReceiver.start();
		app = RunningApplication.run(SampleApplication.class, "--spring.profiles.active=otlp",
				"--management.otlp.metrics.export.url=" + receiver.url(), "--management.otlp.metrics.export.step=1s",
				"--observable-metrics.self-metrics.callbacks=full");
		assertThat(app.send("PUT", "/tasks/otlp-a", null).statusCode()).isEqualTo(201);
		assertThat(app.send("PUT", "/tasks/otlp-b", null).statusCode()).isEqualTo(201);
	}

	@AfterAll
	static void stop() {
		try {
			if (app != null) {
				app.close();
			}
		}
		finally {
			if (receiver != null) {
				receiver.close();
			}
		}
	}

	@Test
	void callbacksRunWhenThePushRegistryPublishes() throws Exception {
		receiver.clear();
		long runs = runs(receiver.awaitMetric(CALLBACK_RUNS, DEADLINE), "temperatureGauge.temperature");
		Metric later = receiver.awaitMetric(CALLBACK_RUNS, DEADLINE,
				(metric) -> runs(metric, "temperatureGauge.temperature") > runs);
		assertThat(runs(later, "temperatureGauge.temperature")).isGreaterThan(runs);
	}

	@Test
	void gaugeCallbacksArriveAsGauges() throws Exception {
		Metric gauge = receiver.awaitMetric("goframe.metric.demo.async.observable_gauge", DEADLINE);
		assertThat(gauge.getDataCase()).isEqualTo(Metric.DataCase.GAUGE);
		assertThat(gauge.getUnit()).isEqualTo("percent");
		assertThat(gauge.getGauge().getDataPointsList()).singleElement()
			.satisfies((point) -> assertThat(OtlpReceiver.value(point)).isEqualTo(30.0));
		Metric temperature = receiver.awaitMetric("temperature", DEADLINE);
		assertThat(temperature.getDataCase()).isEqualTo(Metric.DataCase.GAUGE);
		assertThat(temperature.getUnit()).isEqualTo("celsius");
		assertThat(temperature.getGauge().getDataPointsList()).singleElement()
			.satisfies((point) -> assertThat(OtlpReceiver.value(point)).isBetween(20.0, 30.0));
	}

	@Test
	void counterCallbacksArriveAsMonotonicCumulativeSumsWithTheirTagsAsAttributes() throws Exception {
		Metric counter = receiver.awaitMetric("goframe.metric.demo.observable_counter", DEADLINE);
		assertThat(counter.getDataCase()).isEqualTo(Metric.DataCase.SUM);
		assertThat(counter.getSum().getIsMonotonic()).isTrue();
		assertThat(counter.getSum().getAggregationTemporality())
			.isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
		assertThat(counter.getSum().getDataPointsList()).singleElement().satisfies((point) -> {
			assertThat(OtlpReceiver.value(point)).isEqualTo(10.0);
			assertThat(OtlpReceiver.attributes(point)).isEqualTo(Map.of("const_attr_3", "3"));
		});
	}

	@Test
	void aMultiSeriesCallbackArrivesAsOneDataPointPerSeries() throws Exception {
		Metric runtime = receiver.awaitMetric("app.task.runtime", DEADLINE,
				(metric) -> metric.getSum().getDataPointsCount() == 2);
		assertThat(runtime.getDataCase()).isEqualTo(Metric.DataCase.SUM);
		assertThat(runtime.getSum().getIsMonotonic()).isTrue();
		assertThat(runtime.getUnit()).isEqualTo("seconds");
		List<NumberDataPoint> points = runtime.getSum().getDataPointsList();
		assertThat(points).extracting(OtlpReceiver::attributes)
			.containsExactlyInAnyOrder(Map.of("task", "otlp-a"), Map.of("task", "otlp-b"));
		assertThat(points).allSatisfy((point) -> assertThat(OtlpReceiver.value(point)).isNotNegative());
	}

	@Test
	void timerCallbacksArriveWithTheirCountAndTotalTimePerCollector() throws Exception {
		Metric collections = receiver.awaitMetric("app.gc.collection", DEADLINE);
		List<double[]> countsAndSums = new java.util.ArrayList<>();
		List<String> collectors = new java.util.ArrayList<>();
		if (collections.hasHistogram()) {
			collections.getHistogram().getDataPointsList().forEach((point) -> {
				countsAndSums.add(new double[] { point.getCount(), point.getSum() });
				collectors.add(OtlpReceiver.attributes(point.getAttributesList()).get("collector"));
			});
		}
		else {
			collections.getSummary().getDataPointsList().forEach((point) -> {
				countsAndSums.add(new double[] { point.getCount(), point.getSum() });
				collectors.add(OtlpReceiver.attributes(point.getAttributesList()).get("collector"));
			});
		}
		assertThat(collectors).isNotEmpty().doesNotContainNull().doesNotHaveDuplicates();
		assertThat(countsAndSums).allSatisfy((countAndSum) -> {
			assertThat(countAndSum[0]).as("count").isNotNegative();
			assertThat(countAndSum[1]).as("total time").isNotNegative();
		});
	}

	@Test
	@Order(Integer.MAX_VALUE)
	void thePrometheusScrapeKeepsWorkingBesideThePush() throws Exception {
		PrometheusText scrape = app.scrape();
		assertThat(scrape.value("goframe_metric_demo_async_observable_gauge_percent")).contains(30.0);
		assertThat(scrape.value("goframe_metric_demo_observable_counter_total", "const_attr_3", "3")).contains(10.0);
		assertThat(scrape.samples("app_task_runtime_seconds_total")).hasSize(2);
		assertThat(scrape.value("observable_metrics_callback_up", "callback", "taskBoard.runtime")).contains(1.0);
		receiver.clear();
		Metric gauge = receiver.awaitMetric("goframe.metric.demo.async.observable_gauge", DEADLINE);
		assertThat(gauge.getGauge().getDataPointsList()).singleElement()
			.satisfies((point) -> assertThat(OtlpReceiver.value(point)).isEqualTo(30.0));
	}

	/**
	 * How many times a callback ran, from its run timer.
	 */
	private static long runs(Metric runs, String callback) {
		return runs.getHistogram()
			.getDataPointsList()
			.stream()
			.filter((point) -> OtlpReceiver.attributes(point.getAttributesList()).get("callback").equals(callback))
			.mapToLong((point) -> point.getCount())
			.sum();
	}

}
