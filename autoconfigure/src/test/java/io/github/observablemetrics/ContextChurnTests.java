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
import java.util.ArrayList;
import java.util.List;

import io.github.observablemetrics.autoconfigure.ObservableMetricsAutoConfiguration;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contexts that come and go against one long-lived registry leave nothing behind: no
 * meter, no reference to their beans.
 */
class ContextChurnTests {

	private static final int CONTEXTS = 1_000;

	@Test
	void aThousandContextsLeaveTheSharedRegistryAtItsBaselineAndTheirBeansCollectable() {
		MeterRegistry shared = new SimpleMeterRegistry();
		shared.gauge("application.baseline", 1);
		int baseline = shared.getMeters().size();
		List<WeakReference<Object>> beans = new ArrayList<>(CONTEXTS);
		for (int i = 0; i < CONTEXTS; i++) {
			try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
				context.registerBean(MeterRegistry.class, () -> shared);
				context.registerBean("queue", Queue.class);
				context.register(ObservableMetricsAutoConfiguration.class);
				context.refresh();
				readEveryMeter(shared);
				assertThat(shared.get("churn.queue.depth").tag("queue", "a").gauge().value()).isEqualTo(1.0);
				beans.add(new WeakReference<>(context.getBean("queue")));
			}
			assertThat(shared.getMeters()).as("meters after context %d closed", i).hasSize(baseline);
		}
		awaitCollected(beans);
	}

	private static void readEveryMeter(MeterRegistry registry) {
		for (Meter meter : registry.getMeters()) {
			meter.measure().forEach((measurement) -> measurement.getValue());
		}
	}

	private static void awaitCollected(List<WeakReference<Object>> references) {
		for (int attempt = 0; attempt < 50
				&& references.stream().anyMatch((reference) -> reference.get() != null); attempt++) {
			System.gc();
			byte[][] pressure = new byte[64][];
			for (int i = 0; i < pressure.length; i++) {
				pressure[i] = new byte[1 << 20];
			}
		}
		assertThat(references).allMatch((reference) -> reference.get() == null, "collected");
	}

	static class Queue {

		@ObservableMetric(name = "churn.queue.depth")
		void depth(MetricObserver observer) {
			observer.observe(1, "queue", "a");
			observer.observe(2, "queue", "b");
		}

		@ObservableMetric(name = "churn.queue.capacity")
		int capacity() {
			return 10;
		}

	}

}
