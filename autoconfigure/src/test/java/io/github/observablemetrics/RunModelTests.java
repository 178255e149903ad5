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

import java.lang.invoke.MethodHandles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.observablemetrics.ObservableMetric.Type;
import io.github.observablemetrics.internal.register.ObservableMetricsRegistrar;
import io.github.observablemetrics.test.GeneratedCallbacks;
import io.github.observablemetrics.test.PrometheusText;
import io.github.observablemetrics.test.PrometheusText.Sample;
import io.github.observablemetrics.test.RunningApplication;
import io.micrometer.core.instrument.config.MeterFilter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run model, through real scrapes over HTTP: a run's result is all or nothing, an
 * outage of many callbacks starves no other metric, meters follow results through folding
 * filters, counter resets pass, a scrape reads one run per callback, and a run ends
 * exactly once.
 */
class RunModelTests {

	@Test
	void aRunThatFailsHalfwayPublishesNoneOfWhatItObserved() {
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { HalfFailingConfiguration.class },
				"observable-metrics.max-series-per-metric=100")) {
			HalfFailing callback = app.bean(HalfFailing.class);
			PrometheusText first = app.scrape();
			assertThat(first.samples("half_failing_items")).extracting((sample) -> sample.labels().get("item"))
				.containsExactlyInAnyOrder("stable-0", "stable-1", "stable-2");
			callback.failing = true;
			for (int i = 0; i < 20; i++) {
				PrometheusText scrape = app.scrape();
				assertThat(scrape.samples("half_failing_items")).extracting((sample) -> sample.labels().get("item"))
					.containsExactlyInAnyOrder("stable-0", "stable-1", "stable-2");
				assertThat(scrape.samples("half_failing_items")).allMatch((sample) -> Double.isNaN(sample.value()));
				assertThat(scrape.value("observable_metrics_callback_up", "callback", "halfFailing.report"))
					.contains(0.0);
			}
			assertThat(callback.runs).hasValue(21);
			callback.failing = false;
			assertThat(app.scrape().samples("half_failing_items")).hasSize(3)
				.allMatch((sample) -> sample.value() == 1.0);
		}
	}

	@Test
	void anOutageOfManyHungCallbacksStarvesNeitherHealthyMetricsNorNewSeries() throws Exception {
		Outage.gate = new CountDownLatch(1);
		List<Class<?>> sources = new ArrayList<>(GeneratedCallbacks.generate(MethodHandles.lookup(), "stalled", 5, 10,
				Outage.class.getCanonicalName() + ".hang"));
		sources.add(OutageConfiguration.class);
		try (RunningApplication app = RunningApplication.start(sources.toArray(Class<?>[]::new),
				"observable-metrics.callback-threads=8", "observable-metrics.callback-timeout=300ms",
				// the healthy callback's up series from the start
				"observable-metrics.self-metrics.callbacks=all")) {
			Growing growing = app.bean(Growing.class);
			// each scrape finds at most callback-threads of the hung callbacks, which
			// hold
			// every thread until the scrape's timeout; each is started once and never
			// again while it hangs
			int found = 0;
			for (int scrape = 1; found < 50; scrape++) {
				long started = System.nanoTime();
				app.scrape();
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(300 + 500));
				int total = Outage.calls.get();
				assertThat(total - found).isBetween(1, 8);
				assertThat(scrape).isLessThanOrEqualTo(50 / 8 + 1);
				found = total;
			}
			// then no hung callback holds a thread the others need
			for (int i = 0; i < 5; i++) {
				growing.add("label-" + i);
				long started = System.nanoTime();
				PrometheusText scrape = app.scrape();
				Duration took = Duration.ofNanos(System.nanoTime() - started);
				assertThat(took).isLessThan(Duration.ofMillis(300));
				assertThat(scrape.value("healthy_value")).contains(2.0);
				assertThat(scrape.value("growing_labels", "label", "label-" + i)).contains(1.0);
				assertThat(scrape.value("observable_metrics_callback_up", "callback", "healthy.value")).contains(1.0);
				assertThat(scrape.samples("stalled_m0")).isEmpty();
			}
			assertThat(app.bean(ObservableMetricsRegistrar.class).callbackThreads()).isLessThanOrEqualTo(8 + 50);
			assertThat(Thread.getAllStackTraces().keySet())
				.filteredOn((thread) -> thread.getName().startsWith("observable-metrics-"))
				.hasSizeLessThanOrEqualTo(8 + 50);
			assertThat(Outage.calls).hasValue(50);
		}
		finally {
			Outage.gate.countDown();
		}
	}

	@Test
	void aMeterThatAFilterFoldsSeveralSeriesIntoStaysWhileAnyOfThemIsObserved() {
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { FoldingConfiguration.class })) {
			Queues queues = app.bean(Queues.class);
			// a gauge shows the first series still observed of those folded into it, a
			// counter their sum
			queues.depths = ordered("tmp-1", 3.0, "tmp-2", 4.0, "orders", 5.0);
			PrometheusText both = app.scrape();
			assertThat(both.value("queue_depth", "queue", "tmp")).contains(3.0);
			assertThat(both.value("queue_messages_total", "queue", "tmp")).contains(30.0 + 40.0);
			assertThat(both.value("queue_depth", "queue", "orders")).contains(5.0);
			queues.depths = ordered("tmp-2", 4.0, "orders", 5.0);
			PrometheusText second = app.scrape();
			assertThat(second.value("queue_depth", "queue", "tmp")).contains(4.0);
			assertThat(second.value("queue_messages_total", "queue", "tmp")).contains(40.0);
			queues.depths = ordered("tmp-2", 4.0, "tmp-1", 3.0, "orders", 5.0);
			PrometheusText third = app.scrape();
			assertThat(third.value("queue_depth", "queue", "tmp")).contains(4.0);
			assertThat(third.value("queue_messages_total", "queue", "tmp")).contains(40.0 + 30.0);
			queues.depths = ordered("orders", 5.0);
			PrometheusText none = app.scrape();
			assertThat(none.value("queue_depth", "queue", "tmp")).isEmpty();
			assertThat(none.value("queue_messages_total", "queue", "tmp")).isEmpty();
			assertThat(none.value("queue_depth", "queue", "orders")).contains(5.0);
		}
	}

	private static Map<String, Double> ordered(Object... queuesAndDepths) {
		Map<String, Double> depths = new LinkedHashMap<>();
		for (int i = 0; i < queuesAndDepths.length; i += 2) {
			depths.put((String) queuesAndDepths[i], (Double) queuesAndDepths[i + 1]);
		}
		return depths;
	}

	@Test
	void aCounterWhoseSourceRestartsPassesTheResetThrough() {
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { RestartingConfiguration.class })) {
			Restarting source = app.bean(Restarting.class);
			List<Double> seen = new ArrayList<>();
			for (long total : new long[] { 100, 5, 6 }) {
				source.total.set(total);
				seen.add(app.scrape().value("restarting_total").orElseThrow());
			}
			assertThat(seen).containsExactly(100.0, 5.0, 6.0);
		}
	}

	@Test
	void aScrapeReadsOneRunOfEachCallbackWhileConcurrentScrapesRunItAgain() throws Exception {
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { NumberedConfiguration.class })) {
			ExecutorService clients = Executors.newFixedThreadPool(4);
			try {
				List<Future<Integer>> results = new ArrayList<>();
				for (int c = 0; c < 4; c++) {
					results.add(clients.submit(() -> {
						int torn = 0;
						for (int i = 0; i < 40; i++) {
							PrometheusText scrape = app.scrape();
							Set<Double> runs = new HashSet<>();
							for (Sample sample : scrape.samples("numbered_series")) {
								runs.add(sample.value());
							}
							assertThat(scrape.samples("numbered_series")).hasSize(Numbered.SERIES);
							torn += (runs.size() > 1) ? 1 : 0;
						}
						return torn;
					}));
				}
				int torn = 0;
				for (Future<Integer> result : results) {
					torn += result.get(2, TimeUnit.MINUTES);
				}
				assertThat(torn).as("scrapes that mixed two runs of one callback").isZero();
				assertThat(app.bean(Numbered.class).run.get()).isGreaterThan(40);
			}
			finally {
				clients.shutdownNow();
			}
		}
	}

	@Test
	void aRunThatStraddlesItsDeadlineEndsOnceAndIsReportedTheSameEverywhere() {
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { StraddlingConfiguration.class },
				"observable-metrics.callback-timeout=50ms", "observable-metrics.self-metrics.callbacks=all")) {
			Straddling straddling = app.bean(Straddling.class);
			int timedOut = 0;
			int neverStarted = 0;
			int succeeded = 0;
			int calls = 0;
			for (int i = 0; i < 40; i++) {
				straddling.sleepMillis = 40 + (i % 5) * 5;
				PrometheusText scrape = app.scrape();
				double value = scrape.value("straddling_value").orElse(Double.NaN);
				double up = scrape.value("observable_metrics_callback_up", "callback", "straddling.value")
					.orElseThrow();
				double timeouts = scrape.value("observable_metrics_callback_errors_total", "reason", "timeout")
					.orElseThrow();
				int callsNow = straddling.calls.get();
				if (callsNow == calls) {
					// the last run still returns late: not started again, still reported
					// as timed out; or a new run timed out before a thread took it up
					// (two loaded cores can take longer than 50ms to start one)
					assertThat(value).isNaN();
					assertThat(up).isEqualTo(0.0);
					if (timeouts > timedOut + neverStarted) {
						neverStarted++;
					}
				}
				else if (Double.isNaN(value)) {
					assertThat(up).as("up in a scrape whose value is NaN").isEqualTo(0.0);
					timedOut++;
				}
				else {
					assertThat(value).isEqualTo(callsNow);
					assertThat(up).as("up in a scrape with a value").isEqualTo(1.0);
					succeeded++;
				}
				assertThat(timeouts)
					.as("timeouts counted in scrape %d: value %s, up %s, calls %d before and %d after", i, value, up,
							calls, callsNow)
					.isEqualTo(timedOut + neverStarted);
				calls = callsNow;
			}
			assertThat(succeeded + timedOut).as("runs, each reported once").isEqualTo(calls);
			assertThat(succeeded).isPositive();
			assertThat(timedOut).isPositive();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class HalfFailingConfiguration {

		@Bean
		HalfFailing halfFailing() {
			return new HalfFailing();
		}

	}

	static class HalfFailing {

		volatile boolean failing;

		final AtomicInteger runs = new AtomicInteger();

		@ObservableMetric(name = "half.failing.items", description = "Items")
		void report(MetricObserver observer) {
			int run = this.runs.incrementAndGet();
			for (int i = 0; i < 3; i++) {
				observer.observe(1, "item", "stable-" + i);
			}
			if (this.failing) {
				for (int i = 0; i < 50; i++) {
					observer.observe(1, "item", "run-" + run + "-" + i);
				}
				throw new IllegalStateException("the source went away halfway");
			}
		}

	}

	/**
	 * Fifty generated callbacks hang on the gate, as on a database that stopped
	 * answering.
	 */
	public static final class Outage {

		static volatile CountDownLatch gate;

		static final AtomicInteger calls = new AtomicInteger();

		private Outage() {
		}

		public static double hang(int index) {
			calls.incrementAndGet();
			try {
				gate.await(5, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return index;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class OutageConfiguration {

		@Bean
		Healthy healthy() {
			return new Healthy();
		}

		@Bean
		Growing growing() {
			return new Growing();
		}

	}

	static class Healthy {

		@ObservableMetric(name = "healthy.value")
		double value() {
			return 2;
		}

	}

	static class Growing {

		private final Set<String> labels = java.util.concurrent.ConcurrentHashMap.newKeySet();

		void add(String label) {
			this.labels.add(label);
		}

		@ObservableMetric(name = "growing.labels")
		void report(MetricObserver observer) {
			this.labels.forEach((label) -> observer.observe(1, "label", label));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class FoldingConfiguration {

		@Bean
		Queues queues() {
			return new Queues();
		}

		@Bean
		MeterFilter foldTemporaryQueues() {
			return MeterFilter.replaceTagValues("queue", (value) -> value.startsWith("tmp-") ? "tmp" : value);
		}

	}

	static class Queues {

		volatile Map<String, Double> depths = Map.of();

		@ObservableMetric(name = "queue.depth")
		@ObservableMetric(name = "queue.messages", type = Type.COUNTER)
		void report(MetricObserver observer) {
			this.depths.forEach((queue, depth) -> {
				observer.observe("queue.depth", depth, "queue", queue);
				observer.observe("queue.messages", depth * 10, "queue", queue);
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class RestartingConfiguration {

		@Bean
		Restarting restarting() {
			return new Restarting();
		}

	}

	static class Restarting {

		final AtomicLong total = new AtomicLong();

		@ObservableMetric(name = "restarting", type = Type.COUNTER)
		long total() {
			return this.total.get();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class NumberedConfiguration {

		@Bean
		Numbered numbered() {
			return new Numbered();
		}

	}

	/**
	 * Every series carries the number of the run that observed it.
	 */
	static class Numbered {

		static final int SERIES = 500;

		final AtomicInteger run = new AtomicInteger();

		@ObservableMetric(name = "numbered.series")
		void report(MetricObserver observer) {
			int run = this.run.incrementAndGet();
			for (int i = 0; i < SERIES; i++) {
				observer.observe(run, "series", Integer.toString(i));
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class StraddlingConfiguration {

		@Bean
		Straddling straddling() {
			return new Straddling();
		}

	}

	static class Straddling {

		volatile long sleepMillis;

		final AtomicInteger calls = new AtomicInteger();

		@ObservableMetric(name = "straddling.value")
		double value() throws InterruptedException {
			int call = this.calls.incrementAndGet();
			// stands for work that takes about as long as the timeout
			Thread.sleep(this.sleepMillis);
			return call;
		}

	}

}
