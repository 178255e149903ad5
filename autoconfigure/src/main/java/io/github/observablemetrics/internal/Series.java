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

import io.micrometer.core.instrument.Meter;
import org.jspecify.annotations.Nullable;

/**
 * One series of a metric: the value its callback last observed for one tag combination,
 * and the meter that exports it. The meter's function reads {@link #read()}; the table
 * that owns the series holds it strongly for as long as the series lives.
 */
final class Series {

	final MetricTable table;

	/**
	 * The registrar, asked directly whether a scrape is under way: a scrape's read of the
	 * value then touches nothing but this series.
	 */
	private final ObservableMetricsRegistrar registrar;

	/**
	 * The dynamic tags, keys and values alternating, sorted by key.
	 */
	final String[] tags;

	volatile double value;

	/**
	 * The run of the callback that last observed this series; confined to the thread
	 * running the callback.
	 */
	long seenRun;

	volatile boolean removed;

	/**
	 * Whether any run observed the series; a placeholder registered before the first run
	 * has not been.
	 */
	volatile boolean observed;

	@Nullable Meter meter;

	Series(MetricTable table, String[] tags, double value) {
		this.table = table;
		this.registrar = table.callback.registrar;
		this.tags = tags;
		this.value = value;
	}

	/**
	 * The value a registry reads. Outside a Prometheus scrape, which runs the callbacks
	 * it needs before it reads, this runs the callback first when its result is stale.
	 * @return the current value
	 */
	double read() {
		if (!this.registrar.isScraping()) {
			this.table.callback.refreshIfStale();
		}
		return this.value;
	}

}
