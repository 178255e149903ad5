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

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

import io.github.observablemetrics.MetricObserver;
import io.github.observablemetrics.ObservableMetric;
import io.github.observablemetrics.ObservableMetric.Type;

import org.springframework.stereotype.Component;

/**
 * The JVM's garbage collections as a callback timer: each collector keeps a count and a
 * total time and nothing else, which one observer method reports as one timer series per
 * collector, {@code app_gc_collection_seconds_count{collector="..."}} and
 * {@code app_gc_collection_seconds_sum{collector="..."}}.
 *
 * @author The Observable Metrics team
 */
@Component
public class GarbageCollections {

	@ObservableMetric(name = "app.gc.collection", type = Type.TIMER,
			description = "Garbage collections of the JVM and the time they took")
	void collections(MetricObserver observer) {
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			long count = collector.getCollectionCount();
			long millis = collector.getCollectionTime();
			if (count >= 0 && millis >= 0) {
				// -1 means the collector does not report it
				observer.observe(count, Duration.ofMillis(millis), "collector", collector.getName());
			}
		}
	}

}
