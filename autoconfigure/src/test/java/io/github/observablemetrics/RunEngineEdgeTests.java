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

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.observablemetrics.ObservableMetric.Type;
import io.github.observablemetrics.test.BootAutoConfigurations;
import io.github.observablemetrics.test.PrometheusText;
import io.github.observablemetrics.test.RunningApplication;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import jakarta.annotation.PreDestroy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run engine's promises at their edges: shutdown, re-entrancy, interrupts, churning
 * series under concurrent scrapes, outages across scrapes.
 */
@ExtendWith(OutputCaptureExtension.class)
class RunEngineEdgeTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(BootAutoConfigurations.prometheus());

	// Shutdown

	@Test
	void runsQueuedWhenTheContextClosesAreCancelledAndNeverCallTheBean(CapturedOutput output) throws Exception {
		ExecutorService scraper = Executors.newSingleThreadExecutor();
		try {
			this.runner.withBean("aSpinning", Spinning.class)
				.withBean("bQueued", Queued.class)
				.withPropertyValues("observable-metrics.callback-threads=1", "observable-metrics.callback-timeout=3s")
				.run((context) -> {
					Spinning spinning = context.getBean(Spinning.class);
					Queued queued = context.getBean(Queued.class);
					PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
					Future<String> scrape = scraper.submit(() -> registry.scrape());
					assertThat(spinning.entered.await(5, TimeUnit.SECONDS)).isTrue();
					long closing = System.nanoTime();
					context.close();
					// close() does not wait for a callback that ignores its interrupt
					assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(1));
					// the scrape in flight is released at once rather than at the timeout
					scrape.get(1, TimeUnit.SECONDS);
					assertThat(spinning.left.await(5, TimeUnit.SECONDS)).isTrue();
					assertThat(queued.calls).hasValue(0);
					assertThat(queued.calledAfterDestroy).isFalse();
				});
			assertThat(output).doesNotContain("could not start within").doesNotContain("did not return within");
		}
		finally {
			scraper.shutdownNow();
		}
	}

	@Test
	void noRegistryIsKeptOnceItsContextHasClosed() {
		List<WeakReference<MeterRegistry>> registries = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			MeterRegistry registry = new SimpleMeterRegistry();
			registries.add(new WeakReference<>(registry));
			new ApplicationContextRunner().withConfiguration(BootAutoConfigurations.simple())
				.withBean(MeterRegistry.class, () -> registry)
				.withBean(Queued.class)
				.run((context) -> assertThat(registry.get("queued.value").gauge().value()).isEqualTo(1.0));
		}
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
			System.gc();
			return registries.stream().allMatch((reference) -> reference.get() == null);
		});
	}

	// Re-entrancy

	@Test
	void aCallbackThatScrapesTheRegistryGetsTheLastPublishedResultInsteadOfWaitingForItself() {
		this.runner.withBean("selfScraping", SelfScraping.class)
			.withPropertyValues("observable-metrics.callback-timeout=2s")
			.run((context) -> {
				PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
				for (int i = 1; i <= 3; i++) {
					long started = System.nanoTime();
					PrometheusText scrape = PrometheusText.parse(registry.scrape());
					assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
					assertThat(scrape.value("self_scraping_runs")).contains((double) i);
				}
				assertThat(context.getBean(SelfScraping.class).sawItself).isTrue();
			});
	}

	@Test
	void anAsynchronousCallbackWhoseContinuationReadsItsOwnMeterDoesNotWaitForItself() {
		new ApplicationContextRunner().withConfiguration(BootAutoConfigurations.simple())
			.withBean("selfReading", SelfReading.class)
			.withPropertyValues("observable-metrics.callback-timeout=2s")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				long started = System.nanoTime();
				double value = registry.get("self.reading").gauge().value();
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
				assertThat(value).isEqualTo(1.0);
				assertThat(context.getBean(SelfReading.class).reads).hasValue(1);
			});
	}

	// Isolation

	@Test
	void aCallbackThatLeavesItsThreadInterruptedFailsNoOtherCallback() {
		this.runner.withBean("aInterrupting", Interrupting.class)
			.withBean("bSleeping", Sleeping.class)
			.withPropertyValues("observable-metrics.callback-threads=1")
			.run((context) -> {
				PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
				for (int i = 0; i < 5; i++) {
					PrometheusText scrape = PrometheusText.parse(registry.scrape());
					assertThat(scrape.value("sleeping_value")).contains(1.0);
				}
				assertThat(context.getBean(Sleeping.class).interrupted).hasValue(0);
			});
	}

	// Outages

	@Test
	void hungCallbacksOfOneScrapeDoNotDelayTheHealthyCallbacksOfAConcurrentOne() throws Exception {
		HungPair.gate = new CountDownLatch(1);
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { OutageConfiguration.class },
				"observable-metrics.callback-threads=3", "observable-metrics.callback-timeout=3s")) {
			HungPair hung = app.bean(HungPair.class);
			CompletableFuture<PrometheusText> first = CompletableFuture
				.supplyAsync(() -> app.scrape("hung_first", "hung_second"));
			assertThat(hung.entered.await(5, TimeUnit.SECONDS)).isTrue();
			long started = System.nanoTime();
			PrometheusText second = app.scrape("healthy_value");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
			assertThat(second.value("healthy_value")).contains(7.0);
			HungPair.gate.countDown();
			first.get(10, TimeUnit.SECONDS);
		}
		finally {
			HungPair.gate.countDown();
		}
	}

	@Test
	void readsOutsideAScrapeRunTheStaleCallbacksAsOneBatchSideBySide() {
		new ApplicationContextRunner().withConfiguration(BootAutoConfigurations.simple())
			.withBean(SlowGauges.class)
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				long started = System.nanoTime();
				for (int i = 0; i < 8; i++) {
					assertThat(registry.get("slow." + i).gauge().value()).isEqualTo(i);
				}
				// eight callbacks of 200 ms each, side by side rather than one after
				// another
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1000));
				assertThat(context.getBean(SlowGauges.class).maxConcurrent).hasValueGreaterThan(1);
			});
	}

	// Churning series and torn reads under concurrent scrapes, over HTTP

	@Test
	void aMetricThatLosesAndRegainsItsLastSeriesNeverBreaksAConcurrentScrape() throws Exception {
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { ChurnConfiguration.class })) {
			ExecutorService clients = Executors.newFixedThreadPool(4);
			try {
				List<Future<Integer>> failures = new ArrayList<>();
				for (int client = 0; client < 4; client++) {
					failures.add(clients.submit(() -> {
						int failed = 0;
						for (int i = 0; i < 250; i++) {
							if (app.send("/actuator/prometheus", null).statusCode() != 200) {
								failed++;
							}
						}
						return failed;
					}));
				}
				for (Future<Integer> failed : failures) {
					assertThat(failed.get(2, TimeUnit.MINUTES)).isZero();
				}
				assertThat(app.bean(Churning.class).runs.get()).isGreaterThan(100);
			}
			finally {
				clients.shutdownNow();
			}
		}
	}

	@Test
	void aScrapeNeverMixesTheCountAndTotalOfTwoRunsOfATimer() throws Exception {
		try (RunningApplication app = RunningApplication.start(new Class<?>[] { TimerConfiguration.class })) {
			ExecutorService clients = Executors.newFixedThreadPool(4);
			try {
				List<Future<?>> scrapes = new ArrayList<>();
				for (int client = 0; client < 4; client++) {
					scrapes.add(clients.submit(() -> {
						for (int i = 0; i < 200; i++) {
							PrometheusText scrape = app.scrape();
							assertThat(scrape.value("counted_seconds_count"))
								.isEqualTo(scrape.value("counted_seconds_sum"));
						}
					}));
				}
				for (Future<?> scrape : scrapes) {
					scrape.get(2, TimeUnit.MINUTES);
				}
			}
			finally {
				clients.shutdownNow();
			}
		}
	}

	// Filtered scrapes and bad tags

	@Test
	void aFilteredScrapeRunsTheIncludedCallbackWhateverTheNamingConvention() {
		this.runner.withBean("queued", Queued.class)
			.withInitializer((context) -> BootAutoConfigurations
				.meterRegistryCustomizer((GenericApplicationContext) context, (registry) -> {
					if (registry instanceof PrometheusMeterRegistry prometheus) {
						prometheus.config().namingConvention(new Prefixed());
					}
				}))
			.run((context) -> {
				PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
				PrometheusText scrape = PrometheusText
					.parse(registry.scrape("text/plain", java.util.Set.of("app_queued_value")));
				assertThat(scrape.value("app_queued_value")).contains(1.0);
				assertThat(context.getBean(Queued.class).calls).hasValue(1);
			});
	}

	@Test
	void aNullTagInAnIterableIsDroppedAndCountedRatherThanFailingTheRun() {
		this.runner.withBean("nullTags", NullTags.class).run((context) -> {
			PrometheusText scrape = PrometheusText.parse(context.getBean(PrometheusMeterRegistry.class).scrape());
			assertThat(scrape.value("null_tags", "kind", "good")).contains(1.0);
			assertThat(scrape.value("observable_metrics_callback_errors_total", "reason", "invalid")).contains(1.0);
		});
	}

	// The beans

	static class Spinning {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch left = new CountDownLatch(1);

		@ObservableMetric(name = "spinning.value")
		long value() {
			this.entered.countDown();
			long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
			while (System.nanoTime() - until < 0) {
				// ignores its interrupt, as a callback stuck in a driver may
				Thread.onSpinWait();
			}
			this.left.countDown();
			return 1;
		}

	}

	static class Queued {

		final AtomicInteger calls = new AtomicInteger();

		private volatile boolean destroyed;

		volatile boolean calledAfterDestroy;

		@ObservableMetric(name = "queued.value")
		long value() {
			this.calls.incrementAndGet();
			this.calledAfterDestroy |= this.destroyed;
			return 1;
		}

		@PreDestroy
		void destroy() {
			this.destroyed = true;
		}

	}

	static class SelfScraping {

		private final ObjectProvider<PrometheusMeterRegistry> registry;

		private final AtomicLong runs = new AtomicLong();

		volatile boolean sawItself;

		SelfScraping(ObjectProvider<PrometheusMeterRegistry> registry) {
			this.registry = registry;
		}

		@ObservableMetric(name = "self.scraping.runs")
		long runs() {
			String scrape = this.registry.getObject().scrape();
			this.sawItself |= scrape.contains("self_scraping_runs");
			return this.runs.incrementAndGet();
		}

	}

	static class SelfReading {

		private final ObjectProvider<MeterRegistry> registry;

		final AtomicInteger reads = new AtomicInteger();

		SelfReading(ObjectProvider<MeterRegistry> registry) {
			this.registry = registry;
		}

		@ObservableMetric(name = "self.reading")
		CompletableFuture<Integer> value() {
			return CompletableFuture.supplyAsync(() -> {
				// the continuation reads its own meter while its run is in flight
				this.registry.getObject().get("self.reading").gauge().value();
				this.reads.incrementAndGet();
				return 1;
			});
		}

	}

	static class Interrupting {

		@ObservableMetric(name = "interrupting.value")
		long value() {
			Thread.currentThread().interrupt();
			return 1;
		}

	}

	static class Sleeping {

		final AtomicInteger interrupted = new AtomicInteger();

		@ObservableMetric(name = "sleeping.value")
		long value() throws InterruptedException {
			if (Thread.currentThread().isInterrupted()) {
				this.interrupted.incrementAndGet();
			}
			Thread.sleep(1);
			return 1;
		}

	}

	static class HungPair {

		static volatile CountDownLatch gate = new CountDownLatch(0);

		final CountDownLatch entered = new CountDownLatch(2);

		@ObservableMetric(name = "hung.first")
		long first() throws InterruptedException {
			return hang();
		}

		@ObservableMetric(name = "hung.second")
		long second() throws InterruptedException {
			return hang();
		}

		private long hang() throws InterruptedException {
			this.entered.countDown();
			gate.await();
			return 1;
		}

	}

	static class Healthy {

		@ObservableMetric(name = "healthy.value")
		long value() {
			return 7;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class OutageConfiguration {

		@Bean
		HungPair hungPair() {
			return new HungPair();
		}

		@Bean
		Healthy healthy() {
			return new Healthy();
		}

	}

	static class SlowGauges {

		private final AtomicInteger running = new AtomicInteger();

		final AtomicInteger maxConcurrent = new AtomicInteger();

		@ObservableMetric(name = "slow.0")
		long slow0() throws InterruptedException {
			return slow(0);
		}

		@ObservableMetric(name = "slow.1")
		long slow1() throws InterruptedException {
			return slow(1);
		}

		@ObservableMetric(name = "slow.2")
		long slow2() throws InterruptedException {
			return slow(2);
		}

		@ObservableMetric(name = "slow.3")
		long slow3() throws InterruptedException {
			return slow(3);
		}

		@ObservableMetric(name = "slow.4")
		long slow4() throws InterruptedException {
			return slow(4);
		}

		@ObservableMetric(name = "slow.5")
		long slow5() throws InterruptedException {
			return slow(5);
		}

		@ObservableMetric(name = "slow.6")
		long slow6() throws InterruptedException {
			return slow(6);
		}

		@ObservableMetric(name = "slow.7")
		long slow7() throws InterruptedException {
			return slow(7);
		}

		private long slow(int value) throws InterruptedException {
			this.maxConcurrent.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			try {
				Thread.sleep(200);
			}
			finally {
				this.running.decrementAndGet();
			}
			return value;
		}

	}

	static class Churning {

		final AtomicInteger runs = new AtomicInteger();

		@ObservableMetric(name = "churning.single")
		Long single() {
			return (this.runs.incrementAndGet() % 2 == 0) ? null : 1L;
		}

		@ObservableMetric(name = "churning.observed")
		void observed(MetricObserver observer) {
			if (this.runs.get() % 2 == 0) {
				observer.observe(1, "only", "series");
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ChurnConfiguration {

		@Bean
		Churning churning() {
			return new Churning();
		}

	}

	static class Counted {

		private final AtomicLong runs = new AtomicLong();

		@ObservableMetric(name = "counted", type = Type.TIMER)
		TimerTotals totals() {
			long run = this.runs.incrementAndGet();
			return new TimerTotals(run, Duration.ofSeconds(run));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TimerConfiguration {

		@Bean
		Counted counted() {
			return new Counted();
		}

	}

	static class NullTags {

		@ObservableMetric(name = "null.tags")
		void observe(MetricObserver observer) {
			observer.observe(1, List.of(Tag.of("kind", "good")));
			observer.observe(2, Arrays.asList(Tag.of("kind", "bad"), null));
		}

	}

	/**
	 * The Prometheus convention with every name prefixed, as an application may customise
	 * it.
	 */
	static class Prefixed implements NamingConvention {

		private final PrometheusNamingConvention delegate = new PrometheusNamingConvention();

		@Override
		public String name(String name, Meter.Type type, String baseUnit) {
			return "app_" + this.delegate.name(name, type, baseUnit);
		}

		@Override
		public String tagKey(String key) {
			return this.delegate.tagKey(key);
		}

	}

}
