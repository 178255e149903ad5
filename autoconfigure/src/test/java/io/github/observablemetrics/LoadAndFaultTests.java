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
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import io.github.observablemetrics.internal.register.ObservableMetricsRegistrar;
import io.github.observablemetrics.test.GeneratedCallbacks;
import io.github.observablemetrics.test.PrometheusText;
import io.github.observablemetrics.test.RunningApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A load and fault test over real HTTP: 1,000 callback metrics, some throwing, one
 * hanging, an outage of twenty more hung on a database that stopped answering, one slow,
 * one failing halfway through every other run, one exploding in cardinality, scraped by
 * 32 concurrent clients for 20 seconds. It prints the figures it measured.
 */
class LoadAndFaultTests {

	static final int CALLBACKS = 1_000;

	static final int CLIENTS = 32;

	static final Duration RUN = Duration.ofSeconds(20);

	static final Duration TIMEOUT = Duration.ofSeconds(1);

	/**
	 * How much longer than the timeout a scrape may wait for callbacks: the waiting
	 * thread has to get a CPU again at its deadline, and with 32 clients, their scrapes
	 * and the callbacks sharing two cores that has taken up to 800 ms. A scrape that
	 * waited for a hung callback beyond its timeout would take many seconds.
	 */
	static final Duration MARGIN = Duration.ofSeconds(1);

	/**
	 * What a whole scrape may take at most. 32 clients share two cores with the
	 * application and with this test's own parsing of every response, so a scrape queues
	 * for CPU far longer than it waits for callbacks; this bound catches scrapes that
	 * pile up behind a hung callback, which would take the timeout once each.
	 */
	static final Duration WHOLE_SCRAPE_LIMIT = Duration.ofSeconds(15);

	/**
	 * More than the callbacks that hang (the outage and the hanging one): within the
	 * outage the starter rides out with every healthy callback reporting in every scrape.
	 * RunModelTests has the larger outage.
	 */
	static final int CALLBACK_THREADS = 24;

	/**
	 * Callbacks that hang from the start, as on a database that stopped answering.
	 */
	static final int OUTAGE = 20;

	static final CountDownLatch outage = new CountDownLatch(1);

	static final AtomicIntegerArray runs = new AtomicIntegerArray(CALLBACKS);

	/**
	 * The value of generated callback {@code i}; every hundredth one throws.
	 * @param i the callback
	 * @return its value
	 */
	public static double value(int i) {
		runs.incrementAndGet(i);
		if (i % 100 == 7) {
			throw new IllegalStateException("callback " + i + " fails by design");
		}
		return i;
	}

	/**
	 * The value of outage callback {@code i}, which hangs until the test ends.
	 * @param i the callback
	 * @return its value
	 */
	public static double hang(int i) {
		try {
			outage.await(5, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return i;
	}

	@Test
	void concurrentScrapesStayWellFormedBoundedAndOnePerCallbackRunWhileCallbacksMisbehave() throws Exception {
		List<Class<?>> sources = new ArrayList<>(GeneratedCallbacks.generate(MethodHandles.lookup(), "load", 10,
				CALLBACKS / 10, LoadAndFaultTests.class.getName() + ".value"));
		sources.addAll(GeneratedCallbacks.generate(MethodHandles.lookup(), "outage", 2, OUTAGE / 2,
				LoadAndFaultTests.class.getName() + ".hang"));
		sources.add(FaultConfiguration.class);
		try (RunningApplication app = RunningApplication.start(sources.toArray(Class<?>[]::new),
				"observable-metrics.callback-timeout=" + TIMEOUT.toMillis() + "ms",
				"observable-metrics.callback-threads=" + CALLBACK_THREADS, "server.tomcat.threads.max=64")) {
			Faults faults = app.bean(Faults.class);
			try {
				run(app, faults);
			}
			finally {
				faults.hang.countDown();
				outage.countDown();
			}
		}
	}

	private void run(RunningApplication app, Faults faults) throws Exception {
		PrometheusText first = app.scrape();
		assertThat(first.value("load_m1")).contains(1.0);
		long heapBefore = usedHeapAfterGc();
		int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		AtomicInteger maxThreads = new AtomicInteger();
		AtomicInteger maxCallbackThreads = new AtomicInteger();
		ObservableMetricsRegistrar registrar = app.bean(ObservableMetricsRegistrar.class);
		long deadline = System.nanoTime() + RUN.toNanos();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<?>> results = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				results.add(clients.submit(() -> {
					while (System.nanoTime() < deadline) {
						long started = System.nanoTime();
						HttpResponse<String> response = app.send("/actuator/prometheus", null);
						latencies.add(System.nanoTime() - started);
						assertThat(response.statusCode()).isEqualTo(200);
						PrometheusText scrape = PrometheusText.parse(response.body());
						assertThat(scrape.value("load_m1")).contains(1.0);
						assertThat(scrape.value("load_m999")).contains(999.0);
						assertThat(scrape.samples("load_exploding")).hasSizeLessThanOrEqualTo(2000);
						assertThat(scrape.samples("load_half_failing"))
							.allMatch((sample) -> sample.labels().get("item").startsWith("stable-"));
						maxThreads.accumulateAndGet(ManagementFactory.getThreadMXBean().getThreadCount(), Math::max);
						maxCallbackThreads.accumulateAndGet(registrar.callbackThreads(), Math::max);
					}
					return null;
				}));
			}
			for (Future<?> result : results) {
				result.get(RUN.toSeconds() + 60, TimeUnit.SECONDS);
			}
		}
		finally {
			clients.shutdownNow();
		}
		long heapAfter = usedHeapAfterGc();
		List<Long> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		Duration p50 = Duration.ofNanos(sorted.get(sorted.size() / 2));
		Duration p99 = Duration.ofNanos(sorted.get(sorted.size() * 99 / 100));
		Duration max = Duration.ofNanos(sorted.get(sorted.size() - 1));
		int maxRuns = 0;
		for (int i = 0; i < CALLBACKS; i++) {
			maxRuns = Math.max(maxRuns, runs.get(i));
		}
		Timer wait = app.bean(MeterRegistry.class).get("observable.metrics.scrape.wait").timer();
		// the scrapes the application served, which is what a callback runs at most once
		// per: one request of a client can be served twice, as RunningApplication retries
		// a GET that timed out and the JDK's client retries one whose pooled connection
		// failed (one CI run on a starved machine counted 29 requests and 30 runs)
		int served = Math.toIntExact(wait.count());
		Duration maxWait = Duration.ofNanos((long) wait.max(TimeUnit.NANOSECONDS));
		Duration meanWait = Duration.ofNanos((long) wait.mean(TimeUnit.NANOSECONDS));
		System.out.printf(
				"Load and fault test: %d scrapes by %d clients in %ds (%d served), p50 %d ms, p99 %d ms, max %d ms (timeout %d ms);"
						+ " wait for callbacks mean %d ms, max %d ms;"
						+ " most runs of one callback %d; slow callback runs %d; hanging callback runs %d;"
						+ " half-failing callback runs %d;"
						+ " threads %d before, %d at most; callback threads at most %d of %d;"
						+ " heap after GC %d MiB before, %d MiB after%n",
				sorted.size(), CLIENTS, RUN.toSeconds(), served, p50.toMillis(), p99.toMillis(), max.toMillis(),
				TIMEOUT.toMillis(), meanWait.toMillis(), maxWait.toMillis(), maxRuns, faults.slowRuns.get(),
				faults.hangingRuns.get(), faults.halfFailingRuns.get(), threadsBefore, maxThreads.get(),
				maxCallbackThreads.get(), CALLBACK_THREADS, heapBefore >> 20, heapAfter >> 20);
		assertThat(maxWait).isLessThan(TIMEOUT.plus(MARGIN));
		assertThat(max).isLessThan(WHOLE_SCRAPE_LIMIT);
		assertThat(maxRuns).isLessThanOrEqualTo(served);
		assertThat(faults.slowRuns.get()).isLessThanOrEqualTo(served);
		assertThat(faults.hangingRuns).hasValue(1);
		// the callback threads, plus one for each callback whose run timed out while it
		// ran: the hung ones, and the slow one, whose run can start late enough on a
		// machine this loaded to time out
		assertThat(maxCallbackThreads.get()).isLessThanOrEqualTo(CALLBACK_THREADS + 1 + OUTAGE + 1);
		assertThat(maxThreads.get()).isLessThan(threadsBefore + CLIENTS + CALLBACK_THREADS + 1 + OUTAGE + 64);
		assertThat(heapAfter - heapBefore).isLessThan(256L << 20);
	}

	private static long usedHeapAfterGc() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class FaultConfiguration {

		@Bean
		Faults faults() {
			return new Faults();
		}

	}

	static class Faults {

		final CountDownLatch hang = new CountDownLatch(1);

		final AtomicInteger hangingRuns = new AtomicInteger();

		final AtomicInteger slowRuns = new AtomicInteger();

		final AtomicInteger halfFailingRuns = new AtomicInteger();

		@ObservableMetric(name = "load.hanging")
		double hanging() throws InterruptedException {
			this.hangingRuns.incrementAndGet();
			this.hang.await(5, TimeUnit.MINUTES);
			return 1;
		}

		@ObservableMetric(name = "load.slow")
		double slow() throws InterruptedException {
			this.slowRuns.incrementAndGet();
			// stands for a slow query: the work itself, not a wait for another thread
			Thread.sleep(300);
			return 1;
		}

		@ObservableMetric(name = "load.half.failing")
		void halfFailing(MetricObserver observer) {
			int run = this.halfFailingRuns.incrementAndGet();
			for (int i = 0; i < 10; i++) {
				observer.observe(i, "item", "stable-" + i);
			}
			if (run % 2 == 0) {
				for (int i = 0; i < 100; i++) {
					observer.observe(i, "item", "run-" + run + "-" + i);
				}
				throw new IllegalStateException("fails halfway through by design");
			}
		}

		@ObservableMetric(name = "load.exploding")
		void exploding(MetricObserver observer) {
			for (int i = 0; i < 20_000; i++) {
				observer.observe(i, "user", Integer.toString(i));
			}
		}

	}

}
