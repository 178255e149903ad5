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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.observablemetrics.internal.register.ObservableMetricsRegistrar;
import io.github.observablemetrics.test.PrometheusText;
import io.github.observablemetrics.test.RunningApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callbacks that return a {@link CompletableFuture} or a {@link Mono}, scraped over real
 * HTTP: the value is taken when the future completes, on whatever thread completes it;
 * the wait holds no callback thread; a future that never completes costs one scrape its
 * timeout and is cancelled; an observer method's future ends its run.
 */
class AsyncCallbackTests {

	/**
	 * Completes the callbacks' futures: a thread that is no callback thread.
	 */
	private static final ExecutorService completer = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "completer");
		thread.setDaemon(true);
		return thread;
	});

	private static RunningApplication app;

	private static int lazyCallsAtStartUp;

	@BeforeAll
	static void start() {
		// one callback thread: a run that held it while waiting would starve the others
		app = RunningApplication.start(new Class<?>[] { AsyncConfiguration.class },
				"observable-metrics.callback-threads=1", "observable-metrics.callback-timeout=5s",
				"observable-metrics.metrics[never.completes].callback-timeout=300ms",
				"observable-metrics.metrics[mono.never].callback-timeout=300ms",
				"observable-metrics.metrics[hanging.regions].callback-timeout=300ms",
				"observable-metrics.metrics[cached.value].cache-for=1h", "observable-metrics.max-series-per-metric=50");
		lazyCallsAtStartUp = app.bean(Lazy.class).calls.get();
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void anAsynchronousCallbackRunsOnlyWhenAScrapeNeedsIt() {
		Lazy lazy = app.bean(Lazy.class);
		assertThat(lazyCallsAtStartUp).isZero();
		int before = lazy.calls.get();
		app.scrape("later_value");
		assertThat(lazy.calls.get()).isEqualTo(before);
		assertThat(app.scrape("lazy_value").value("lazy_value")).contains(1.0);
		assertThat(lazy.calls.get()).isEqualTo(before + 1);
	}

	@Test
	void theValueIsTakenWhenTheFutureCompletesOnAnotherThread() {
		Later later = app.bean(Later.class);
		later.value = 42;
		PrometheusText scrape = app.scrape("later_value");
		assertThat(scrape.value("later_value")).contains(42.0);
		assertThat(later.completedOn).isEqualTo("completer");
		later.value = 43;
		assertThat(app.scrape("later_value").value("later_value")).contains(43.0);
	}

	@Test
	void aPendingRunHoldsNoCallbackThread() {
		// each future completes only once both methods have been called: with one
		// callback thread, that happens only if the first gives its thread back while
		// its future is pending
		Pair pair = app.bean(Pair.class);
		pair.bothCalled = new CountDownLatch(2);
		pair.callers.clear();
		long started = System.nanoTime();
		PrometheusText scrape = app.scrape("pair_first", "pair_second");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
		assertThat(scrape.value("pair_first")).contains(1.0);
		assertThat(scrape.value("pair_second")).contains(2.0);
		// both on the one thread: not on a second one that a run holding up its scrape
		// would have been given
		assertThat(pair.callers).hasSize(1);
		assertThat(app.bean(ObservableMetricsRegistrar.class).callbackThreads()).isLessThanOrEqualTo(1);
	}

	@Test
	void aFutureThatNeverCompletesCostsOneScrapeItsTimeoutAndIsCancelled() {
		NeverCompletes never = app.bean(NeverCompletes.class);
		never.completing = true;
		assertThat(app.scrape("never_completes").value("never_completes")).contains(5.0);
		double timeouts = errors("timeout");
		never.completing = false;
		long started = System.nanoTime();
		PrometheusText first = app.scrape("never_completes", "later_value");
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofMillis(300 + 1000));
		assertThat(first.value("never_completes")).hasValueSatisfying((value) -> assertThat(value).isNaN());
		assertThat(first.value("later_value")).isPresent();
		assertThat(never.last).isCancelled();
		assertThat(errors("timeout")).isEqualTo(timeouts + 1);
		// the run is over: it holds no thread, and the next scrape runs the method again
		assertThat(app.bean(ObservableMetricsRegistrar.class).callbackThreads()).isLessThanOrEqualTo(1);
		never.completing = true;
		started = System.nanoTime();
		PrometheusText next = app.scrape("never_completes");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(250));
		assertThat(next.value("never_completes")).contains(5.0);
	}

	@Test
	void aFutureThatFailsCountsAsAnException() {
		double exceptions = errors("exception");
		PrometheusText scrape = app.scrape("failing_future", "observable_metrics_callback_up");
		assertThat(scrape.value("failing_future")).isEmpty();
		assertThat(scrape.value("observable_metrics_callback_up", "callback", "failingFuture.value")).contains(0.0);
		assertThat(errors("exception")).isEqualTo(exceptions + 1);
	}

	@Test
	void anObserverMethodsFutureAddsANewLabelSetToTheSameScrape() {
		Regions regions = app.bean(Regions.class);
		regions.counts.clear();
		regions.counts.put("eu", 3);
		assertThat(app.scrape("region_orders").value("region_orders", "region", "eu")).contains(3.0);
		regions.counts.put("us", 4);
		PrometheusText scrape = app.scrape("region_orders");
		assertThat(scrape.value("region_orders", "region", "us")).contains(4.0);
		assertThat(scrape.value("region_orders", "region", "eu")).contains(3.0);
	}

	@Test
	void observationsAfterTheFutureCompletedAreDroppedAndCountedAsInvalid() {
		Regions regions = app.bean(Regions.class);
		regions.counts.clear();
		regions.counts.put("eu", 3);
		double invalid = errors("invalid");
		PrometheusText scrape = app.scrape("region_orders");
		assertThat(scrape.samples("region_orders")).hasSize(1);
		// the scrape has the run's result: the run has ended
		regions.lastObserver.observe(1, "region", "late");
		assertThat(errors("invalid")).isEqualTo(invalid + 1);
		assertThat(app.scrape("region_orders").value("region_orders", "region", "late")).isEmpty();
	}

	@Test
	void observationsAfterATimeoutAreDroppedAndCountedAsInvalid() {
		HangingRegions hanging = app.bean(HangingRegions.class);
		double invalid = errors("invalid");
		PrometheusText scrape = app.scrape("hanging_regions");
		// what the run observed before it timed out is not published
		assertThat(scrape.samples("hanging_regions")).isEmpty();
		hanging.lastObserver.observe(2, "region", "late");
		assertThat(errors("invalid")).isEqualTo(invalid + 1);
	}

	@Test
	void aMonoEmitsTheValueAndAnEmptyMonoMeansNoValueNow() {
		Monos monos = app.bean(Monos.class);
		monos.value = 7L;
		PrometheusText scrape = app.scrape("mono_value");
		assertThat(scrape.value("mono_value")).contains(7.0);
		assertThat(monos.emittedOn).startsWith("boundedElastic");
		monos.value = null;
		assertThat(app.scrape("mono_value").value("mono_value")).isEmpty();
	}

	@Test
	void aMonoThatNeverEmitsIsDisposedAtTheTimeout() {
		Monos monos = app.bean(Monos.class);
		monos.cancelled.set(false);
		double timeouts = errors("timeout");
		PrometheusText scrape = app.scrape("mono_never");
		assertThat(scrape.value("mono_never")).isEmpty();
		assertThat(monos.cancelled).isTrue();
		assertThat(errors("timeout")).isEqualTo(timeouts + 1);
	}

	@Test
	void aMonoErrorCountsAsAnException() {
		double exceptions = errors("exception");
		PrometheusText scrape = app.scrape("mono_error", "observable_metrics_callback_up");
		assertThat(scrape.value("mono_error")).isEmpty();
		assertThat(scrape.value("observable_metrics_callback_up", "callback", "monos.error")).contains(0.0);
		assertThat(errors("exception")).isEqualTo(exceptions + 1);
	}

	@Test
	void aScrapeArrivingWhileARunIsPendingGetsItsValue() throws Exception {
		Gated gated = app.bean(Gated.class);
		int before = gated.calls.get();
		CompletableFuture<PrometheusText> first = pendingGatedScrape(gated);
		CompletableFuture<PrometheusText> second = CompletableFuture.supplyAsync(() -> app.scrape("gated_value"),
				completer);
		gated.gate.complete(9.0);
		assertThat(first.get(5, TimeUnit.SECONDS).value("gated_value")).contains(9.0);
		assertThat(second.get(5, TimeUnit.SECONDS).value("gated_value")).contains(9.0);
		// the second joins the pending run, or starts one after it ended
		assertThat(gated.calls.get() - before).isBetween(1, 2);
	}

	@Test
	void aPendingRunShowsAsRunningInTheEndpoint() throws Exception {
		Gated gated = app.bean(Gated.class);
		CompletableFuture<PrometheusText> scrape = pendingGatedScrape(gated);
		String endpoint = app.get("/actuator/observablemetrics");
		gated.gate.complete(3.0);
		String gatedEntry = endpoint.substring(endpoint.indexOf("\"id\":\"gated.value\""));
		gatedEntry = gatedEntry.substring(0, gatedEntry.indexOf("\"id\":", 1));
		assertThat(gatedEntry).contains("\"running\":true");
		assertThat(scrape.get(5, TimeUnit.SECONDS).value("gated_value")).contains(3.0);
	}

	/**
	 * Starts a scrape of the gated callback and returns once its run is pending on a
	 * future that the caller completes.
	 */
	private static CompletableFuture<PrometheusText> pendingGatedScrape(Gated gated) {
		int before = gated.calls.get();
		gated.gate = new CompletableFuture<>();
		CompletableFuture<PrometheusText> scrape = CompletableFuture.supplyAsync(() -> app.scrape("gated_value"),
				completer);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
		while (gated.calls.get() == before && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(gated.calls.get()).as("calls of the gated callback").isGreaterThan(before);
		return scrape;
	}

	@Test
	void aFuturesResultIsCachedForTheWindow() {
		Cached cached = app.bean(Cached.class);
		app.scrape("cached_value");
		int calls = cached.calls.get();
		assertThat(app.scrape("cached_value").value("cached_value")).isPresent();
		assertThat(cached.calls.get()).isEqualTo(calls);
	}

	@Test
	void anObserverMethodsFutureKeepsTheCardinalityLimit() {
		PrometheusText scrape = app.scrape("many_users", "observable_metrics_series_dropped");
		assertThat(scrape.samples("many_users")).hasSize(50);
		assertThat(scrape.value("observable_metrics_series_dropped_total", "metric", "many.users"))
			.hasValueSatisfying((dropped) -> assertThat(dropped).isGreaterThanOrEqualTo(50.0));
	}

	private static double errors(String reason) {
		return app.scrape("observable_metrics_callback_errors")
			.value("observable_metrics_callback_errors_total", "reason", reason)
			.orElse(0.0);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class AsyncConfiguration {

		@Bean
		Later later() {
			return new Later();
		}

		@Bean
		Pair pair() {
			return new Pair();
		}

		@Bean
		NeverCompletes neverCompletes() {
			return new NeverCompletes();
		}

		@Bean
		FailingFuture failingFuture() {
			return new FailingFuture();
		}

		@Bean
		Regions regions() {
			return new Regions();
		}

		@Bean
		Monos monos() {
			return new Monos();
		}

		@Bean
		Gated gated() {
			return new Gated();
		}

		@Bean
		HangingRegions hangingRegions() {
			return new HangingRegions();
		}

		@Bean
		Lazy lazy() {
			return new Lazy();
		}

		@Bean
		Cached cached() {
			return new Cached();
		}

		@Bean
		ManyUsers manyUsers() {
			return new ManyUsers();
		}

	}

	static class Later {

		volatile long value;

		volatile String completedOn;

		@ObservableMetric(name = "later.value")
		CompletableFuture<Long> value() {
			return CompletableFuture.supplyAsync(() -> {
				this.completedOn = Thread.currentThread().getName();
				return this.value;
			}, completer);
		}

	}

	static class Pair {

		volatile CountDownLatch bothCalled = new CountDownLatch(0);

		final Set<Thread> callers = ConcurrentHashMap.newKeySet();

		@ObservableMetric(name = "pair.first")
		CompletableFuture<Integer> first() {
			return afterBoth(1);
		}

		@ObservableMetric(name = "pair.second")
		CompletableFuture<Integer> second() {
			return afterBoth(2);
		}

		private CompletableFuture<Integer> afterBoth(int value) {
			this.callers.add(Thread.currentThread());
			CountDownLatch both = this.bothCalled;
			both.countDown();
			return CompletableFuture.supplyAsync(() -> {
				try {
					return both.await(10, TimeUnit.SECONDS) ? value : -1;
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return -1;
				}
			}, completer);
		}

	}

	static class NeverCompletes {

		volatile boolean completing = true;

		volatile CompletableFuture<Double> last;

		@ObservableMetric(name = "never.completes")
		CompletableFuture<Double> value() {
			this.last = this.completing ? CompletableFuture.completedFuture(5.0) : new CompletableFuture<>();
			return this.last;
		}

	}

	static class FailingFuture {

		@ObservableMetric(name = "failing.future")
		CompletableFuture<Double> value() {
			return CompletableFuture.supplyAsync(() -> {
				throw new IllegalStateException("the database is down");
			}, completer);
		}

	}

	static class Regions {

		final Map<String, Integer> counts = new ConcurrentHashMap<>();

		volatile MetricObserver lastObserver;

		@ObservableMetric(name = "region.orders")
		CompletableFuture<Void> report(MetricObserver observer) {
			this.lastObserver = observer;
			return CompletableFuture.runAsync(
					() -> this.counts.forEach((region, count) -> observer.observe(count, "region", region)), completer);
		}

	}

	static class Monos {

		volatile Long value;

		volatile String emittedOn;

		final AtomicBoolean cancelled = new AtomicBoolean();

		@ObservableMetric(name = "mono.value")
		Mono<Long> value() {
			return Mono.fromCallable(() -> {
				this.emittedOn = Thread.currentThread().getName();
				return this.value;
			}).subscribeOn(Schedulers.boundedElastic());
		}

		@ObservableMetric(name = "mono.never")
		Mono<Double> never() {
			return Mono.<Double>never().doOnCancel(() -> this.cancelled.set(true));
		}

		@ObservableMetric(name = "mono.error")
		Mono<Double> error() {
			return Mono.error(new IllegalStateException("no connection"));
		}

	}

	static class Gated {

		final AtomicInteger calls = new AtomicInteger();

		volatile CompletableFuture<Double> gate = CompletableFuture.completedFuture(0.0);

		@ObservableMetric(name = "gated.value")
		CompletableFuture<Double> value() {
			this.calls.incrementAndGet();
			return this.gate;
		}

	}

	static class HangingRegions {

		volatile MetricObserver lastObserver;

		/**
		 * A stage that never completes and cannot be cancelled.
		 */
		@ObservableMetric(name = "hanging.regions")
		CompletionStage<Void> report(MetricObserver observer) {
			this.lastObserver = observer;
			observer.observe(1, "region", "eu");
			return new CompletableFuture<Void>().minimalCompletionStage();
		}

	}

	static class Lazy {

		final AtomicInteger calls = new AtomicInteger();

		@ObservableMetric(name = "lazy.value")
		CompletableFuture<Integer> value() {
			this.calls.incrementAndGet();
			return CompletableFuture.completedFuture(1);
		}

	}

	static class Cached {

		final AtomicInteger calls = new AtomicInteger();

		@ObservableMetric(name = "cached.value")
		CompletableFuture<Integer> value() {
			return CompletableFuture.supplyAsync(this.calls::incrementAndGet, completer);
		}

	}

	static class ManyUsers {

		@ObservableMetric(name = "many.users")
		Mono<Void> report(MetricObserver observer) {
			return Mono.fromRunnable(() -> {
				for (int i = 0; i < 100; i++) {
					observer.observe(1, "user", "user-" + i);
				}
			}).subscribeOn(Schedulers.boundedElastic()).then();
		}

	}

}
