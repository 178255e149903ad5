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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.observablemetrics.ObservableMetric.Type;
import io.github.observablemetrics.test.PrometheusText;
import io.github.observablemetrics.test.RunningApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callback timers through real scrapes: a count and a total time, exported as a summary,
 * from a method that returns {@link TimerTotals} and from an observer method.
 */
class TimerTests {

	@Test
	void aMethodReturningTimerTotalsIsASummaryOfItsCountAndTotalTimeInSeconds() {
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { TimersConfiguration.class })) {
			Loads loads = app.bean(Loads.class);
			loads.totals = new TimerTotals(3, Duration.ofMillis(1500));
			PrometheusText scrape = app.scrape();
			assertThat(scrape.type("cache_loads_seconds")).isEqualTo("summary");
			assertThat(scrape.value("cache_loads_seconds_count")).contains(3.0);
			assertThat(scrape.value("cache_loads_seconds_sum")).contains(1.5);
			// the source restarted: a reset passes through
			loads.totals = TimerTotals.of(1, 200, TimeUnit.MILLISECONDS);
			PrometheusText reset = app.scrape();
			assertThat(reset.value("cache_loads_seconds_count")).contains(1.0);
			assertThat(reset.value("cache_loads_seconds_sum")).contains(0.2);
			// a negative count is dropped, and the timer keeps its totals
			loads.totals = new TimerTotals(-1, Duration.ofSeconds(1));
			PrometheusText invalid = app.scrape();
			assertThat(invalid.value("cache_loads_seconds_count")).contains(1.0);
			assertThat(invalid.value("observable_metrics_callback_errors_total", "reason", "invalid")).contains(1.0);
		}
	}

	@Test
	void anObserverMethodReportsOneTimerSeriesPerTagSet() {
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { TimersConfiguration.class })) {
			Collections collections = app.bean(Collections.class);
			collections.byCollector = Map.of("young", new TimerTotals(10, Duration.ofMillis(250)), "old",
					new TimerTotals(2, Duration.ofMillis(900)));
			PrometheusText scrape = app.scrape();
			assertThat(scrape.value("gc_collection_seconds_count", "collector", "young")).contains(10.0);
			assertThat(scrape.value("gc_collection_seconds_sum", "collector", "young")).contains(0.25);
			assertThat(scrape.value("gc_collection_seconds_count", "collector", "old")).contains(2.0);
			assertThat(scrape.value("gc_collection_seconds_sum", "collector", "old")).contains(0.9);
			collections.byCollector = Map.of("young", new TimerTotals(12, Duration.ofMillis(300)));
			PrometheusText next = app.scrape();
			assertThat(next.value("gc_collection_seconds_count", "collector", "young")).contains(12.0);
			assertThat(next.samples("gc_collection_seconds_count")).hasSize(1);
			assertThat(app.bean(Collections.class).runs).isEqualTo(2);
		}
	}

	@Test
	void aTimerBeyondTheLimitFoldsCountsAndTotalsIntoTheOverflowSeries() {
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { TimersConfiguration.class },
				"observable-metrics.max-series-per-metric=1")) {
			app.bean(Collections.class).byCollector = Map.of("young", new TimerTotals(10, Duration.ofMillis(250)),
					"old", new TimerTotals(2, Duration.ofMillis(900)), "mixed",
					new TimerTotals(1, Duration.ofMillis(50)));
			PrometheusText scrape = app.scrape();
			double count = scrape.samples("gc_collection_seconds_count")
				.stream()
				.mapToDouble(PrometheusText.Sample::value)
				.sum();
			double sum = scrape.samples("gc_collection_seconds_sum")
				.stream()
				.mapToDouble(PrometheusText.Sample::value)
				.sum();
			assertThat(count).isEqualTo(13.0);
			assertThat(sum).isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-9));
			assertThat(scrape.samples("gc_collection_seconds_count")).hasSize(2)
				.anyMatch((sample) -> "true".equals(sample.labels().get("otel_metric_overflow")));
		}
	}

	@Test
	void aTimerObservedWithASingleValueIsDroppedAsInvalid() {
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { MixedUpConfiguration.class })) {
			PrometheusText scrape = app.scrape();
			assertThat(scrape.samples("mixed_up_seconds_count")).isEmpty();
			assertThat(scrape.value("mixed_up_gauge")).contains(2.0);
			assertThat(scrape.value("observable_metrics_callback_errors_total", "reason", "invalid")).contains(2.0);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TimersConfiguration {

		@Bean
		Loads loads() {
			return new Loads();
		}

		@Bean
		Collections collections() {
			return new Collections();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MixedUpConfiguration {

		@Bean
		MixedUp mixedUp() {
			return new MixedUp();
		}

	}

	static class Loads {

		volatile TimerTotals totals = new TimerTotals(0, Duration.ZERO);

		@ObservableMetric(name = "cache.loads", type = Type.TIMER, description = "Cache loads")
		TimerTotals loads() {
			return this.totals;
		}

	}

	static class Collections {

		volatile Map<String, TimerTotals> byCollector = Map.of();

		volatile int runs;

		@ObservableMetric(name = "gc.collection", type = Type.TIMER, description = "Collections")
		void report(MetricObserver observer) {
			this.runs++;
			this.byCollector.forEach((collector, totals) -> observer.observe(totals.count(), totals.totalTime(),
					"collector", collector));
		}

	}

	static class MixedUp {

		@ObservableMetric(name = "mixed.up", type = Type.TIMER)
		@ObservableMetric(name = "mixed.up.gauge")
		void report(MetricObserver observer) {
			observer.observe("mixed.up", 1);
			observer.observe("mixed.up.gauge", 2);
			observer.observe("mixed.up.gauge", 3, Duration.ofSeconds(1));
		}

	}

}
