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

import io.github.observablemetrics.internal.run.Batch;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.observablemetrics.ObservableMetric.Type;
import io.github.observablemetrics.internal.register.ObservableMetricsRegistrar;
import io.github.observablemetrics.test.BootAutoConfigurations;
import io.github.observablemetrics.test.PrometheusText;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.Assert;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callbacks that hang, fail, explode or return garbage cannot take the scrape down.
 */
@ExtendWith(OutputCaptureExtension.class)
class RobustnessTests {

	private static final CountDownLatch forever = new CountDownLatch(1);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(BootAutoConfigurations.prometheus());

	@AfterEach
	void releaseHangingCallbacks() {
		Hanging.gate = null;
	}

	@Test
	void aHangingCallbackDelaysAScrapeByItsTimeoutOnceAndIsNotStartedAgainWhileItRuns() {
		this.runner.withBean("hanging", Hanging.class)
			.withBean("healthy", Healthy.class)
			.withPropertyValues("observable-metrics.callback-timeout=300ms")
			.run((context) -> {
				Hanging hanging = context.getBean(Hanging.class);
				assertThat(scrape(context).value("hanging_value")).contains(1.0);
				Hanging.gate = new CountDownLatch(1);
				long started = System.nanoTime();
				PrometheusText first = scrape(context);
				Duration firstScrape = Duration.ofNanos(System.nanoTime() - started);
				assertThat(firstScrape).isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
				assertThat(first.value("hanging_value")).hasValueSatisfying((value) -> assertThat(value).isNaN());
				assertThat(first.value("healthy_value")).contains(2.0);
				int calls = hanging.calls.get();
				started = System.nanoTime();
				PrometheusText second = scrape(context);
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(250));
				assertThat(hanging.calls).hasValue(calls);
				assertThat(second.value("observable_metrics_callback_up", "callback", "hanging.value")).contains(0.0);
				// the hung run timed out once; the next scrape reports it at once without
				// a second run
				assertThat(second.value("observable_metrics_callback_errors_total", "reason", "timeout")).contains(1.0);
				Hanging.gate.countDown();
			});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need Java 21; .ci/matrix runs Java 25")
	void callbacksRunOnVirtualThreadsWhenTheApplicationUsesThem() {
		this.runner.withBean("threadReporting", ThreadReporting.class)
			.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> {
				scrape(context);
				Thread thread = context.getBean(ThreadReporting.class).thread;
				assertThat(thread).isNotNull();
				assertThat(Thread.class.getMethod("isVirtual").invoke(thread)).isEqualTo(true);
			});
	}

	@Test
	void callbacksRunOnPlatformThreadsOfTheirOwnByDefault() {
		this.runner.withBean("threadReporting", ThreadReporting.class).run((context) -> {
			scrape(context);
			Thread thread = context.getBean(ThreadReporting.class).thread;
			assertThat(thread).isNotNull().isNotSameAs(Thread.currentThread());
			assertThat(thread.getName()).startsWith("observable-metrics-");
		});
	}

	@Test
	void aPerMetricTimeoutOverridesTheDefault() {
		this.runner.withBean("hanging", Hanging.class)
			.withPropertyValues("observable-metrics.callback-timeout=30s",
					"observable-metrics.metrics[hanging.value].callback-timeout=100ms")
			.run((context) -> {
				Hanging.gate = new CountDownLatch(1);
				long started = System.nanoTime();
				scrape(context);
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
				Hanging.gate.countDown();
			});
	}

	@Test
	void healthyCallbacksQueuedBehindAnOutageReportInTheFirstScrapeThatMeetsIt() {
		// four callbacks hang on a database that stopped answering, fewer than the five
		// callback threads, and a healthy one is queued behind them: it gets the fifth
		this.runner.withBean("manyHanging", ManyHanging.class)
			.withBean("queued", Queued.class)
			.withPropertyValues("observable-metrics.callback-timeout=2s", "observable-metrics.callback-threads=5")
			.run((context) -> {
				ManyHanging.gate = new CountDownLatch(1);
				try {
					PrometheusText first = scrape(context);
					assertThat(first.value("queued_value")).contains(3.0);
					assertThat(first.value("observable_metrics_callback_up", "callback", "queued.value")).isEmpty();
					assertThat(first.value("observable_metrics_callback_up", "callback", "manyHanging.four"))
						.contains(0.0);
					assertThat(first.value("observable_metrics_callback_errors_total", "reason", "timeout"))
						.contains(4.0);
					// each hung callback holds one thread of its own
					assertThat(context.getBean(ObservableMetricsRegistrar.class).callbackThreads())
						.isLessThanOrEqualTo(5 + 4);
				}
				finally {
					ManyHanging.gate.countDown();
				}
			});
	}

	@Test
	void noMoreCallbacksThanTheCallbackThreadsRunAtOnceSoASlowDatabaseSeesAtMostThatMany() {
		// one callback thread; every callback hangs: one starts, and the three queued
		// behind it time out without starting, so that a database that only slowed down
		// never gets more queries at once than the callback threads
		Duration timeout = Duration.ofSeconds(1);
		this.runner.withBean("manyHanging", ManyHanging.class)
			.withPropertyValues("observable-metrics.callback-timeout=" + timeout.toMillis() + "ms",
					"observable-metrics.callback-threads=1")
			.run((context) -> {
				ManyHanging.gate = new CountDownLatch(1);
				try {
					PrometheusText first = scrape(context);
					assertThat(context.getBean(ManyHanging.class).starts).hasSize(1);
					assertThat(first.value("observable_metrics_callback_errors_total", "reason", "timeout"))
						.contains(4.0);
				}
				finally {
					ManyHanging.gate.countDown();
				}
			});
	}

	@Test
	void aCallbackThatOverflowsItsStackCostsTheCallbacksQueuedBehindItNothing(CapturedOutput output) {
		// one callback thread, which dies with the error: the healthy callback behind it
		// gets another at once, not the timeout
		this.runner.withBean("overflowing", Overflowing.class)
			.withBean("healthy", Healthy.class)
			.withPropertyValues("observable-metrics.callback-timeout=30s", "observable-metrics.callback-threads=1")
			.run((context) -> {
				long started = System.nanoTime();
				PrometheusText scrape = scrape(context);
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
				assertThat(scrape.value("healthy_value")).contains(2.0);
				assertThat(scrape.value("observable_metrics_callback_up", "callback", "overflowing.value"))
					.contains(0.0);
				assertThat(output).contains("overflows by design");
			});
	}

	@Test
	void threadsStayBoundedByTheLimitPlusOnePerHungCallback() {
		this.runner.withBean("manyHanging", ManyHanging.class)
			.withBean("healthy", Healthy.class)
			.withPropertyValues("observable-metrics.callback-timeout=200ms", "observable-metrics.callback-threads=2")
			.run((context) -> {
				ManyHanging.gate = new CountDownLatch(1);
				for (int i = 0; i < 4; i++) {
					PrometheusText scrape = scrape(context);
					assertThat(scrape.samples("many_hanging")).isEmpty();
					if (i > 1) {
						// each scrape finds two of the four hung callbacks, which hold
						// both
						// threads until its timeout; from the third on they hold none
						assertThat(scrape.value("healthy_value")).contains(2.0);
					}
				}
				// two threads, plus one for each of the four hung callbacks
				assertThat(context.getBean(ObservableMetricsRegistrar.class).callbackThreads())
					.isLessThanOrEqualTo(2 + 4);
				// each hung callback started once, never again while it runs
				assertThat(context.getBean(ManyHanging.class).calls).hasValueLessThanOrEqualTo(4);
				ManyHanging.gate.countDown();
			});
	}

	@Test
	void cachedCallbacksRunOnceWithinTheWindowForEveryMetricTheyFeed() {
		this.runner.withBean("batch", Batch.class)
			.withPropertyValues("observable-metrics.metrics[batch.second].cache-for=1h")
			.run((context) -> {
				for (int i = 0; i < 3; i++) {
					PrometheusText scrape = scrape(context);
					assertThat(scrape.value("batch_first")).contains(1.0);
					assertThat(scrape.value("batch_second")).contains(2.0);
				}
				assertThat(context.getBean(Batch.class).calls).hasValue(1);
			});
	}

	@Test
	void aMetricKeepsAtMostTheMaximumNumberOfSeriesAndCountsTheRest(CapturedOutput output) {
		this.runner.withBean("exploding", Exploding.class)
			.withPropertyValues("observable-metrics.max-series-per-metric=5")
			.run((context) -> {
				scrape(context);
				PrometheusText scrape = scrape(context);
				assertThat(scrape.samples("exploding_users")).hasSize(5);
				assertThat(scrape.value("observable_metrics_series_dropped_total", "metric", "exploding.users"))
					.contains(30.0);
				// a counter's series beyond the limit are folded into one, not lost
				assertThat(scrape.samples("exploding_requests_total")).hasSize(6);
				assertThat(scrape.samples("exploding_requests_total")
					.stream()
					.mapToDouble(PrometheusText.Sample::value)
					.sum()).isEqualTo(20.0);
				assertThat(scrape.value("observable_metrics_series_folded_total", "metric", "exploding.requests"))
					.contains(30.0);
				assertThat(output.toString().split("observed more than 5 series of the metric 'exploding.users'"))
					.hasSize(2);
			});
	}

	@Test
	void badObservationsAreDroppedCountedAndExplained(CapturedOutput output) {
		this.runner.withBean("garbage", Garbage.class).run((context) -> {
			PrometheusText scrape = scrape(context);
			assertThat(scrape.samples("garbage_total")).extracting(PrometheusText.Sample::labels)
				.containsExactly(java.util.Map.of("kind", "good"));
			assertThat(scrape.value("garbage_total", "kind", "good")).contains(10.0);
			assertThat(scrape.value("observable_metrics_callback_errors_total", "reason", "invalid")).contains(6.0);
			assertThat(output).contains("Dropped an observation: the @ObservableMetric method")
				.contains("RobustnessTests$Garbage.report(MetricObserver) of bean 'garbage'")
				.contains("observed the metric 'undeclared', which it does not declare");
			context.getBean(Garbage.class).decrease = true;
			PrometheusText next = scrape(context);
			// a lower total is a reset of the counter's source, and passes through
			assertThat(next.value("garbage_total", "kind", "good")).contains(5.0);
			assertThat(next.value("observable_metrics_callback_errors_total", "reason", "invalid")).contains(12.0);
		});
	}

	@Test
	void byDefaultOnlyACallbackThatFailedHasSeriesOfItsOwnAndErrorsAreCountedByReason() {
		this.runner.withBean("flaky", Flaky.class).withBean("healthy", Healthy.class).run((context) -> {
			PrometheusText healthy = scrape(context);
			assertThat(healthy.value("healthy_value")).contains(2.0);
			assertThat(healthy.value("flaky_value")).contains(1.0);
			assertThat(perCallbackSeries(healthy, "healthy.value")).isEmpty();
			assertThat(perCallbackSeries(healthy, "flaky.value")).isEmpty();
			assertThat(healthy.value("observable_metrics_callback_errors_total", "reason", "exception")).contains(0.0);
			assertThat(healthy.value("observable_metrics_callback_timeout_seconds")).contains(5.0);
			context.getBean(Flaky.class).failing = true;
			PrometheusText failing = scrape(context);
			// what an alert on observable_metrics_callback_up == 0 needs: the callback's
			// name, from its first failure on
			assertThat(failing.value("observable_metrics_callback_up", "callback", "flaky.value")).contains(0.0);
			assertThat(failing.value("observable_metrics_callback_duration_seconds", "callback", "flaky.value"))
				.hasValueSatisfying((seconds) -> assertThat(seconds).isGreaterThan(0.0).isLessThan(1.0));
			assertThat(perCallbackSeries(failing, "flaky.value")).containsExactlyInAnyOrder(
					"observable_metrics_callback_up", "observable_metrics_callback_duration_seconds");
			assertThat(perCallbackSeries(failing, "healthy.value")).isEmpty();
			assertThat(failing.value("observable_metrics_callback_errors_total", "reason", "exception")).contains(1.0);
			context.getBean(Flaky.class).failing = false;
			PrometheusText recovered = scrape(context);
			// the series stays, so that the alert resolves rather than loses its series
			assertThat(recovered.value("observable_metrics_callback_up", "callback", "flaky.value")).contains(1.0);
			assertThat(recovered.value("flaky_value")).contains(1.0);
			assertThat(perCallbackSeries(recovered, "healthy.value")).isEmpty();
		});
	}

	@Test
	void callbacksAllGivesEveryCallbackAnUpAndADurationSeries() {
		this.runner.withBean("failing", Failing.class)
			.withBean("healthy", Healthy.class)
			.withPropertyValues("observable-metrics.self-metrics.callbacks=all")
			.run((context) -> {
				scrape(context);
				PrometheusText scrape = scrape(context);
				assertThat(scrape.value("observable_metrics_callback_up", "callback", "healthy.value")).contains(1.0);
				assertThat(scrape.value("observable_metrics_callback_up", "callback", "failing.value")).contains(0.0);
				assertThat(scrape.value("observable_metrics_callback_duration_seconds", "callback", "healthy.value"))
					.hasValueSatisfying((seconds) -> assertThat(seconds).isGreaterThan(0.0).isLessThan(1.0));
				assertThat(scrape.value("observable_metrics_callback_errors_total", "reason", "exception"))
					.contains(2.0);
				assertThat(perCallbackSeries(scrape, "healthy.value")).containsExactlyInAnyOrder(
						"observable_metrics_callback_up", "observable_metrics_callback_duration_seconds");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "observable-metrics.self-metrics.callbacks=full",
			"observable-metrics.self-metrics.per-callback=true" })
	void callbacksFullAddsARunTimerAndErrorCountersToEachCallback(String property) {
		this.runner.withBean("failing", Failing.class)
			.withBean("healthy", Healthy.class)
			.withPropertyValues(property)
			.run((context) -> {
				scrape(context);
				PrometheusText scrape = scrape(context);
				assertThat(scrape.value("observable_metrics_callback_runs_seconds_count", "callback", "healthy.value"))
					.contains(2.0);
				assertThat(scrape.value("observable_metrics_callback_errors_total", "callback", "failing.value",
						"reason", "exception"))
					.contains(2.0);
				assertThat(scrape.value("observable_metrics_callback_errors_total", "callback", "healthy.value",
						"reason", "exception"))
					.contains(0.0);
				assertThat(scrape.samples("observable_metrics_callback_errors_total"))
					.allMatch((sample) -> sample.labels().containsKey("callback"));
				assertThat(perCallbackSeries(scrape, "healthy.value")).hasSize(8);
			});
	}

	@Test
	void anUnknownCallbacksValueStopsStartUpNamingTheProperty() {
		// Spring Boot's failure analysis of the bind error then lists the valid values
		this.runner.withBean("healthy", Healthy.class)
			.withPropertyValues("observable-metrics.self-metrics.callbacks=failing")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'observable-metrics.self-metrics.callbacks'")
				.rootCause()
				.hasMessageContaining("failing"));
	}

	private static java.util.List<String> perCallbackSeries(PrometheusText scrape, String callback) {
		return scrape.samples()
			.stream()
			.filter((sample) -> callback.equals(sample.labels().get("callback")))
			.map(PrometheusText.Sample::name)
			.toList();
	}

	@Test
	void selfMetricsCanBeTurnedOff() {
		this.runner.withBean("healthy", Healthy.class)
			.withPropertyValues("observable-metrics.self-metrics.enabled=false")
			.run((context) -> {
				PrometheusText scrape = scrape(context);
				assertThat(scrape.value("healthy_value")).contains(2.0);
				assertThat(scrape.samples()).noneMatch((sample) -> sample.name().startsWith("observable_metrics"));
			});
	}

	@Test
	void slowCallbacksOfOneScrapeRunSideBySideOnTheCallbackThreads() {
		// four callbacks that each wait for the other three: they only all succeed if the
		// scrape's batch is spread over four threads at once
		this.runner.withBean("meeting", Meeting.class)
			.withPropertyValues("observable-metrics.callback-threads=4")
			.run((context) -> {
				PrometheusText scrape = scrape(context);
				for (int i = 0; i < 4; i++) {
					assertThat(scrape.value("meeting_m" + i)).contains((double) i);
				}
				assertThat(scrape.value("observable_metrics_callback_errors_total", "reason", "exception"))
					.contains(0.0);
			});
	}

	static class Meeting {

		private final CyclicBarrier all = new CyclicBarrier(4);

		@ObservableMetric(name = "meeting.m0")
		double m0() throws Exception {
			return meet(0);
		}

		@ObservableMetric(name = "meeting.m1")
		double m1() throws Exception {
			return meet(1);
		}

		@ObservableMetric(name = "meeting.m2")
		double m2() throws Exception {
			return meet(2);
		}

		@ObservableMetric(name = "meeting.m3")
		double m3() throws Exception {
			return meet(3);
		}

		private double meet(int value) throws Exception {
			this.all.await(4, TimeUnit.SECONDS);
			return value;
		}

	}

	private static PrometheusText scrape(AssertableApplicationContext context) {
		return PrometheusText.parse(context.getBean(PrometheusMeterRegistry.class).scrape());
	}

	static class Hanging {

		static volatile CountDownLatch gate;

		final AtomicInteger calls = new AtomicInteger();

		@ObservableMetric(name = "hanging.value")
		double value() throws InterruptedException {
			this.calls.incrementAndGet();
			CountDownLatch gate = Hanging.gate;
			if (gate != null) {
				gate.await(30, TimeUnit.SECONDS);
			}
			return 1;
		}

	}

	static class ManyHanging {

		static volatile CountDownLatch gate;

		final AtomicInteger calls = new AtomicInteger();

		/**
		 * When each call started ({@link System#nanoTime()}).
		 */
		final Queue<Long> starts = new ConcurrentLinkedQueue<>();

		@ObservableMetric(name = "many.hanging", tags = "n=1")
		double one() throws InterruptedException {
			return hang();
		}

		@ObservableMetric(name = "many.hanging.two")
		double two() throws InterruptedException {
			return hang();
		}

		@ObservableMetric(name = "many.hanging.three")
		double three() throws InterruptedException {
			return hang();
		}

		@ObservableMetric(name = "many.hanging.four")
		double four() throws InterruptedException {
			return hang();
		}

		private double hang() throws InterruptedException {
			this.starts.add(System.nanoTime());
			this.calls.incrementAndGet();
			gate.await(30, TimeUnit.SECONDS);
			return 1;
		}

	}

	static class Queued {

		@ObservableMetric(name = "queued.value")
		double value() throws InterruptedException {
			// stands for a query that answers in a tenth of a second
			Thread.sleep(100);
			return 3;
		}

	}

	static class ThreadReporting {

		volatile Thread thread;

		@ObservableMetric(name = "thread.reporting")
		double value() {
			this.thread = Thread.currentThread();
			return 1;
		}

	}

	static class Overflowing {

		@ObservableMetric(name = "overflowing.value")
		double value() {
			throw new StackOverflowError("overflows by design");
		}

	}

	static class Healthy {

		@ObservableMetric(name = "healthy.value")
		double value() {
			return 2;
		}

	}

	static class Flaky {

		volatile boolean failing;

		@ObservableMetric(name = "flaky.value")
		double value() {
			Assert.state(!this.failing, "flaky");
			return 1;
		}

	}

	static class Failing {

		@ObservableMetric(name = "failing.value")
		double value() {
			throw new IllegalStateException("always");
		}

	}

	static class Batch {

		final AtomicInteger calls = new AtomicInteger();

		@ObservableMetric(name = "batch.first")
		@ObservableMetric(name = "batch.second")
		void report(MetricObserver observer) {
			this.calls.incrementAndGet();
			observer.observe("batch.first", 1);
			observer.observe("batch.second", 2);
		}

	}

	static class Exploding {

		@ObservableMetric(name = "exploding.users", description = "Users, one series each")
		@ObservableMetric(name = "exploding.requests", type = Type.COUNTER, description = "Requests per user")
		void report(MetricObserver observer) {
			for (int i = 0; i < 20; i++) {
				observer.observe("exploding.users", i, "user", "user-" + i);
				observer.observe("exploding.requests", 1, "user", "user-" + i, "region", "eu");
			}
		}

	}

	static class Garbage {

		volatile boolean decrease;

		@ObservableMetric(name = "garbage", type = Type.COUNTER, description = "Good and bad observations")
		void report(MetricObserver observer) {
			observer.observe(this.decrease ? 5 : 10, "kind", "good");
			observer.observe("undeclared", 1, "kind", "x");
			observer.observe(1, "kind");
			observer.observe(1, "other", "x");
			observer.observe(Double.NaN, "kind", "nan");
			observer.observe(Double.POSITIVE_INFINITY, "kind", "infinite");
			observer.observe(-1, "kind", "negative");
		}

	}

}
