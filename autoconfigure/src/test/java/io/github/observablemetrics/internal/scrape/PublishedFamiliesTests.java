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

package io.github.observablemetrics.internal.scrape;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.observablemetrics.MetricObserver;
import io.github.observablemetrics.ObservableMetric;
import io.github.observablemetrics.ObservableMetric.Type;
import io.github.observablemetrics.TimerTotals;
import io.github.observablemetrics.internal.declare.ExportedNames;
import io.github.observablemetrics.test.BootAutoConfigurations;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Prometheus scrape served from the published values is Micrometer's own, byte for
 * byte, in every format: the same series of every type and unit, with HELP text, common
 * tags, meter filters that rename, deny and replace tag values (folding series), an
 * overflow series, timers, a family that a hand-registered meter shares, the starter's
 * own metrics, and scrapes filtered by name.
 */
class PublishedFamiliesTests {

	/**
	 * Whether the line lets a hand-registered meter share a family with a declared
	 * metric: Micrometer 1.17 with client_java 1.5 or later; the older lines refuse the
	 * declaration at start-up.
	 */
	private static final boolean SHARED_FAMILIES = ExportedNames
		.of(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
		.acceptDifferentTagKeys();

	/**
	 * The families served from published values: every declared one but the denied, the
	 * absent and the failing one, and the one a hand-registered meter shares.
	 */
	private static final Set<String> SERVED = served("corpus_after", "corpus_batches_seconds", "corpus_heap_bytes",
			"corpus_jobs", "corpus_lag_seconds", "corpus_loads_seconds", "corpus_nan", "corpus_ratio_percent",
			"corpus_renamed", "corpus_requests", "corpus_sessions", "corpus_sold", "corpus_stock");

	private static Set<String> served(String... names) {
		Set<String> served = new java.util.TreeSet<>(Set.of(names));
		if (!SHARED_FAMILIES) {
			served.add("corpus_shared");
		}
		return served;
	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(BootAutoConfigurations.prometheus())
		.withBean(Corpus.class)
		.withBean(Clock.class, FixedWallClock::new)
		.withPropertyValues("management.metrics.tags.region=eu", "observable-metrics.max-series-per-metric=3",
				"observable-metrics.self-metrics.enabled=false")
		.withInitializer((context) -> BootAutoConfigurations
			.meterRegistryCustomizer((GenericApplicationContext) context, PublishedFamiliesTests::filters));

	@Test
	void everyFormatOfAServedScrapeIsMicrometersByteForByte() {
		Map<String, byte[]> micrometer = scrapes(
				this.runner.withPropertyValues("observable-metrics.prometheus-snapshots=false"), Set.of());
		Map<String, byte[]> served = scrapes(this.runner, SERVED);
		assertThat(served.keySet()).isEqualTo(micrometer.keySet());
		micrometer.forEach((format, bytes) -> {
			assertThat(text(served.get(format))).as(format).isEqualTo(text(bytes));
			assertThat(served.get(format)).as(format).isEqualTo(bytes);
		});
		String text = text(served.get("text"));
		if (SHARED_FAMILIES) {
			assertThat(text).contains("corpus_shared{source=\"hand\"} 2.0");
		}
		assertThat(text).contains("corpus_stock{fruit=\"p\",region=\"eu\"} 5.0")
			.containsPattern("corpus_jobs_total\\{[^}]*otel_metric_overflow=\"true\"[^}]*} 900.0")
			.contains("corpus_after ")
			.contains("corpus_renamed{new=\"x\",region=\"eu\"}")
			.doesNotContain("corpus_denied");
	}

	@Test
	void theStartersOwnMetricsComeOutAsMicrometerWritesThem() {
		ApplicationContextRunner withSelfMetrics = this.runner
			.withPropertyValues("observable-metrics.self-metrics.enabled=true");
		String micrometer = masked(
				scrapes(withSelfMetrics.withPropertyValues("observable-metrics.prometheus-snapshots=false"), Set.of()));
		String served = masked(scrapes(withSelfMetrics, SERVED));
		assertThat(served).isEqualTo(micrometer).contains("observable_metrics_");
	}

	@Test
	void aServedFamilyFollowsItsSeriesAsTheyComeAndGo() {
		this.runner.run((context) -> {
			Corpus corpus = context.getBean(Corpus.class);
			PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
			for (int i = 0; i < 3; i++) {
				registry.scrape();
			}
			corpus.fruits.remove("apple");
			corpus.fruits.put("quince", 9);
			assertThat(registry.scrape()).contains("corpus_stock{fruit=\"quince\",region=\"eu\"} 9.0")
				.doesNotContain("fruit=\"apple\"");
			registry.scrape();
			corpus.fruits.put("quince", 10);
			corpus.fruits.put("pear", 1);
			assertThat(registry.scrape()).contains("corpus_stock{fruit=\"quince\",region=\"eu\"} 10.0")
				.contains("corpus_stock{fruit=\"p\",region=\"eu\"} 1.0")
				.doesNotContain("fruit=\"apple\"");
			assertThat(((ObservingPrometheusRegistry) registry.getPrometheusRegistry()).servedFamilies())
				.isEqualTo(SERVED);
		});
	}

	@Test
	void aMeterAnotherRegistersInAServedFamilyIsScrapedAtOnce() {
		this.runner.run((context) -> {
			PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
			for (int i = 0; i < 3; i++) {
				registry.scrape();
			}
			Gauge.builder("corpus.stock", () -> 3).tag("fruit", "hand").register(registry);
			assertThat(registry.scrape()).contains("corpus_stock{fruit=\"hand\",region=\"eu\"} 3.0")
				.contains("corpus_stock{fruit=\"apple\",region=\"eu\"} 3.0");
		});
	}

	/**
	 * Each format of a scrape, after the scrapes that learn and check the families, and
	 * scrapes filtered by name.
	 */
	private static Map<String, byte[]> scrapes(ApplicationContextRunner runner, Set<String> served) {
		Map<String, byte[]> scrapes = new LinkedHashMap<>();
		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			PrometheusRegistry registry = context.getBean(PrometheusMeterRegistry.class).getPrometheusRegistry();
			for (int i = 0; i < 3; i++) {
				registry.scrape();
			}
			ExpositionFormats formats = ExpositionFormats.init();
			MetricSnapshots all = registry.scrape();
			scrapes.put("text", write(formats.getPrometheusTextFormatWriter(), all));
			scrapes.put("openmetrics", write(formats.getOpenMetricsTextFormatWriter(), registry.scrape()));
			scrapes.put("protobuf", write(formats.getPrometheusProtobufWriter(), registry.scrape()));
			Set<String> included = Set.of("corpus_stock", "corpus_requests_total", "corpus_loads_seconds");
			scrapes.put("included",
					write(formats.getPrometheusTextFormatWriter(), registry.scrape(included::contains)));
			assertThat(((ObservingPrometheusRegistry) registry).servedFamilies()).isEqualTo(served);
			assertThat(context.getBean(Corpus.class).runs).as("one run per scrape that includes it").hasValue(6);
		});
		return scrapes;
	}

	private static byte[] write(ExpositionFormatWriter writer, MetricSnapshots snapshots) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			writer.write(out, snapshots);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toByteArray();
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/**
	 * The text scrape with the values of the starter's own metrics, which time the
	 * scrapes, masked.
	 */
	private static String masked(Map<String, byte[]> scrapes) {
		return text(scrapes.get("text")).replaceAll("(?m)^(observable_metrics_\\S+) \\S+$", "$1 <value>");
	}

	private static void filters(MeterRegistry registry) {
		registry.config()
			.meterFilter(MeterFilter.denyNameStartsWith("corpus.denied"))
			.meterFilter(MeterFilter.replaceTagValues("fruit", (fruit) -> fruit.startsWith("p") ? "p" : fruit))
			.meterFilter(MeterFilter.renameTag("corpus.renamed", "old", "new"))
			.meterFilter(new MeterFilter() {
				@Override
				public io.micrometer.core.instrument.Meter.Id map(io.micrometer.core.instrument.Meter.Id id) {
					return id.getName().equals("corpus.before") ? id.withName("corpus.after") : id;
				}
			});
		if (SHARED_FAMILIES) {
			Gauge.builder("corpus.shared", () -> 2).tag("source", "hand").register(registry);
		}
	}

	/**
	 * A clock whose wall time stands still, so that the counters' and the timers' created
	 * timestamps, which protobuf writes, are the same in two contexts.
	 */
	static class FixedWallClock implements Clock {

		@Override
		public long wallTime() {
			return 1_700_000_000_000L;
		}

		@Override
		public long monotonicTime() {
			return System.nanoTime();
		}

	}

	static class Corpus {

		final AtomicInteger runs = new AtomicInteger();

		final Map<String, Integer> fruits = new java.util.concurrent.ConcurrentSkipListMap<>(
				Map.of("apple", 3, "pear", 5, "plum", 7));

		@ObservableMetric(name = "corpus.heap", unit = "bytes", description = "Heap in use")
		long heap() {
			this.runs.incrementAndGet();
			return 1024;
		}

		@ObservableMetric(name = "corpus.lag", description = "Replication lag")
		Duration lag() {
			return Duration.ofMillis(1500);
		}

		@ObservableMetric(name = "corpus.requests", type = Type.COUNTER, unit = "requests",
				description = "Requests served")
		long requests() {
			return 42;
		}

		@ObservableMetric(name = "corpus.sessions", type = Type.UP_DOWN_COUNTER, tags = "pool=main")
		int sessions() {
			return -3;
		}

		@ObservableMetric(name = "corpus.loads", type = Type.TIMER, description = "Cache loads")
		TimerTotals loads() {
			return new TimerTotals(3, Duration.ofMillis(2500));
		}

		@ObservableMetric(name = "corpus.stock", description = "Stock by fruit")
		@ObservableMetric(name = "corpus.sold", type = Type.COUNTER)
		void fruit(MetricObserver observer) {
			this.fruits.forEach((fruit, stock) -> {
				observer.observe("corpus.stock", stock, "fruit", fruit);
				observer.observe("corpus.sold", stock * 10, "fruit", fruit);
			});
		}

		@ObservableMetric(name = "corpus.jobs", type = Type.COUNTER)
		void jobs(MetricObserver observer) {
			for (int queue = 1; queue <= 5; queue++) {
				observer.observe(queue * 100, "queue", "q" + queue);
			}
		}

		@ObservableMetric(name = "corpus.batches", type = Type.TIMER)
		void batches(MetricObserver observer) {
			observer.observe(2, Duration.ofSeconds(1), "kind", "import");
			observer.observe(4, Duration.ofMillis(250), "kind", "export");
		}

		@ObservableMetric(name = "corpus.denied.value")
		int denied() {
			return 1;
		}

		@ObservableMetric(name = "corpus.renamed")
		void renamed(MetricObserver observer) {
			observer.observe(1, "old", "x");
		}

		@ObservableMetric(name = "corpus.before")
		int before() {
			return 7;
		}

		/**
		 * A family a hand-registered meter shares, where the line allows it: with other
		 * tag keys, as the starter requires of a meter of another's.
		 */
		@ObservableMetric(name = "corpus.shared")
		void shared(MetricObserver observer) {
			observer.observe(1, "source", "callback");
		}

		@ObservableMetric(name = "corpus.missing")
		Integer missing() {
			return null;
		}

		@ObservableMetric(name = "corpus.failing")
		int failing() {
			throw new IllegalStateException("the corpus' failing callback");
		}

		@ObservableMetric(name = "corpus.nan")
		double nan() {
			return Double.NaN;
		}

		@ObservableMetric(name = "corpus.ratio", unit = "percent")
		double ratio() {
			return 0.1 + 0.2;
		}

	}

}
