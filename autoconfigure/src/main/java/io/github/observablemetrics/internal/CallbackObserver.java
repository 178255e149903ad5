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

package io.github.observablemetrics.internal;

import java.util.Arrays;

import io.github.observablemetrics.MetricObserver;

/**
 * The {@link MetricObserver} handed to one callback, reused for every run. It is open
 * only while the callback runs; it is thread-safe, so a callback may report from parallel
 * streams.
 */
final class CallbackObserver implements MetricObserver {

	private final ObservedCallback callback;

	private final MetricTable[] tables;

	private long run;

	CallbackObserver(ObservedCallback callback, MetricTable[] tables) {
		this.callback = callback;
		this.tables = tables;
	}

	synchronized void open(long run) {
		this.run = run;
	}

	synchronized void close() {
		this.run = 0;
	}

	@Override
	public synchronized void observe(double value, String... tagKeyValues) {
		if (this.tables.length != 1) {
			this.callback.invalid("observed a value without naming the metric, but it declares the metrics "
					+ Arrays.toString(names()) + "; call observe(metricName, value, tags...)");
			return;
		}
		take(this.tables[0], value, tagKeyValues);
	}

	@Override
	public synchronized void observe(String metricName, double value, String... tagKeyValues) {
		for (MetricTable table : this.tables) {
			if (table.metric.name().equals(metricName)) {
				take(table, value, tagKeyValues);
				return;
			}
		}
		this.callback.invalid("observed the metric '" + metricName + "', which it does not declare; it declares "
				+ Arrays.toString(names()));
	}

	private void take(MetricTable table, double value, String[] tagKeyValues) {
		if (this.run == 0) {
			this.callback.invalid("used its MetricObserver after it returned; observe only while the callback runs");
			return;
		}
		String problem = table.observe(value, (tagKeyValues != null) ? tagKeyValues : MetricTable.NO_TAGS, this.run);
		if (problem != null && problem != MetricTable.DROPPED) {
			this.callback.invalid("observed the metric '" + table.metric.name() + "' but " + problem);
		}
	}

	private String[] names() {
		return Arrays.stream(this.tables).map((table) -> table.metric.name()).toArray(String[]::new);
	}

}
