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

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.observablemetrics.test.BootAutoConfigurations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meters leave the registry with their bean and their context.
 */
@ExtendWith(OutputCaptureExtension.class)
class LifecycleTests {

	private final MeterRegistry shared = new SimpleMeterRegistry();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(BootAutoConfigurations.simple())
		.withBean(MeterRegistry.class, () -> this.shared);

	@Test
	void closingTheContextRemovesItsMetersFromTheRegistry() {
		this.runner.withBean(Queue.class).run((context) -> {
			assertThat(this.shared.get("queue.depth").gauge().value()).isEqualTo(4.0);
			assertThat(names()).contains("queue.depth", "observable.metrics.callback.timeout");
		});
		assertThat(names()).doesNotContain("queue.depth").noneMatch((name) -> name.startsWith("observable.metrics"));
	}

	@Test
	void destroyingTheBeanRemovesItsMetersAndRecreatingItRegistersThemAgain() {
		this.runner.withBean("queue", Queue.class).run((context) -> {
			assertThat(this.shared.get("queue.depth").gauge().value()).isEqualTo(4.0);
			((DefaultListableBeanFactory) ((ConfigurableApplicationContext) context).getBeanFactory())
				.destroySingleton("queue");
			assertThat(names()).doesNotContain("queue.depth");
			context.getBean("queue");
			assertThat(this.shared.get("queue.depth").gauge().value()).isEqualTo(4.0);
		});
	}

	@Test
	void aMeterRegisteredUnderADeclaredNameAfterStartUpIsReported(CapturedOutput output) {
		this.runner.withBean("queue", Queue.class).run((context) -> {
			Counter.builder("queue.depth").tag("source", "hand").register(this.shared);
			assertThat(output).contains("A meter named 'queue.depth' (COUNTER) was registered after start-up")
				.contains("LifecycleTests$Queue.depth() of bean 'queue' declares that metric");
		});
	}

	@Test
	void aBeanCreatedOnAnotherThreadWhileTheStartUpBeansAreRegisteredIsRegisteredToo() {
		AtomicBoolean started = new AtomicBoolean();
		this.runner.withBean("queue", Queue.class)
			.withBean("late", Late.class, Late::new, (definition) -> definition.setLazyInit(true))
			.withInitializer((context) -> this.shared.config().onMeterAdded((meter) -> {
				// the start-up beans' meters are being registered: another thread creates
				// a bean
				if (meter.getId().getName().equals("queue.depth") && started.compareAndSet(false, true)) {
					createOnAnotherThread(() -> context.getBean("late"));
				}
			}))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(started).isTrue();
				assertThat(context.getBeanFactory().containsSingleton("late")).isTrue();
				assertThat(this.shared.get("late.value").gauge().value()).isEqualTo(9.0);
			});
	}

	private static void createOnAnotherThread(Runnable creation) {
		Thread thread = new Thread(creation, "late-bean-creator");
		thread.start();
		try {
			thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		assertThat(thread.isAlive()).as("the bean creation on another thread returned").isFalse();
	}

	@Test
	void aMeterRegisteredAfterStartUpUnderANameExportedLikeADeclaredMetricIsReported(CapturedOutput output) {
		this.runner.withBean("queue", Queue.class).run((context) -> {
			Gauge.builder("queue_depth", () -> 1).register(this.shared);
			assertThat(output)
				.contains("A meter named 'queue_depth' (GAUGE) was registered after start-up, which the registry"
						+ " exports as 'queue_depth' like the GAUGE 'queue.depth'")
				.contains("LifecycleTests$Queue.depth() of bean 'queue' declares");
		});
	}

	@Test
	void noCallbackRunsOnceTheContextStartsToClose() {
		AtomicInteger readsAfterClose = new AtomicInteger();
		this.runner.withBean(Queue.class).run((context) -> {
			Queue queue = context.getBean(Queue.class);
			Gauge gauge = this.shared.get("queue.depth").gauge();
			context.close();
			int calls = queue.calls.get();
			assertThat(gauge.value()).isNaN();
			readsAfterClose.set(queue.calls.get() - calls);
		});
		assertThat(readsAfterClose).hasValue(0);
	}

	@Test
	void concurrentReadsNeverRunACallbackConcurrentlyWithItself() throws Exception {
		this.runner.withBean(Blocking.class).run((context) -> {
			Blocking blocking = context.getBean(Blocking.class);
			Gauge gauge = this.shared.get("blocking.value").gauge();
			Thread first = new Thread(gauge::value);
			first.start();
			assertThat(blocking.entered.await(10, TimeUnit.SECONDS)).isTrue();
			// outside a scrape, a read that finds the callback running reads the last
			// result rather than waiting for the run in flight, or starting another
			Thread second = new Thread(() -> this.shared.get("blocking.value").gauge().value());
			second.start();
			second.join(10_000);
			assertThat(second.isAlive()).isFalse();
			assertThat(first.isAlive()).isTrue();
			blocking.release.countDown();
			first.join(10_000);
			second.join(10_000);
			assertThat(blocking.calls).hasValue(1);
			assertThat(blocking.maxConcurrent).hasValue(1);
		});
	}

	private java.util.List<String> names() {
		return this.shared.getMeters().stream().map((meter) -> meter.getId().getName()).toList();
	}

	@Test
	void aPushRegistrysPublishRunsAnObserverMethodThatHasNoSeriesYet() {
		this.runner.withBean(Shelves.class).run((context) -> {
			assertThat(this.shared.find("shelf.items").gauges()).isEmpty();
			// a push registry's publish reads every meter: the starter's timeout gauge
			// runs
			// the observer methods that no meter of their own would run yet
			this.shared.getMeters().forEach((meter) -> meter.measure().forEach(Measurement::getValue));
			assertThat(this.shared.find("shelf.items").gauges()).hasSize(2);
			assertThat(context.getBean(Shelves.class).runs).hasValue(1);
			this.shared.getMeters().forEach((meter) -> meter.measure().forEach(Measurement::getValue));
			assertThat(this.shared.get("shelf.items").tag("shelf", "a").gauge().value()).isEqualTo(3.0);
		});
	}

	@Test
	void aPushRegistrysPublishRunsTheObserverMethodsThatHaveNoSeriesYetSideBySide() {
		// each waits for the other: both report only if they run at once
		this.runner.withBean(Pair.class).run((context) -> {
			this.shared.getMeters().forEach((meter) -> meter.measure().forEach(Measurement::getValue));
			assertThat(this.shared.find("pair.left").gauges()).hasSize(1);
			assertThat(this.shared.find("pair.right").gauges()).hasSize(1);
		});
	}

	static class Pair {

		private final CyclicBarrier both = new CyclicBarrier(2);

		@ObservableMetric(name = "pair.left")
		void left(MetricObserver observer) throws Exception {
			this.both.await(4, TimeUnit.SECONDS);
			observer.observe(1, "side", "left");
		}

		@ObservableMetric(name = "pair.right")
		void right(MetricObserver observer) throws Exception {
			this.both.await(4, TimeUnit.SECONDS);
			observer.observe(1, "side", "right");
		}

	}

	static class Shelves {

		final AtomicInteger runs = new AtomicInteger();

		@ObservableMetric(name = "shelf.items")
		void items(MetricObserver observer) {
			this.runs.incrementAndGet();
			observer.observe(3, "shelf", "a");
			observer.observe(4, "shelf", "b");
		}

	}

	static class Queue {

		final AtomicInteger calls = new AtomicInteger();

		@ObservableMetric(name = "queue.depth")
		int depth() {
			this.calls.incrementAndGet();
			return 4;
		}

	}

	static class Late {

		@ObservableMetric(name = "late.value")
		int value() {
			return 9;
		}

	}

	static class Blocking {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger calls = new AtomicInteger();

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger maxConcurrent = new AtomicInteger();

		@ObservableMetric(name = "blocking.value")
		double value() throws InterruptedException {
			this.calls.incrementAndGet();
			this.maxConcurrent.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			this.entered.countDown();
			this.release.await(10, TimeUnit.SECONDS);
			this.running.decrementAndGet();
			return 1;
		}

	}

}
