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

import org.jspecify.annotations.Nullable;

/**
 * What one successful run of an observer method observed, immutable once published: for
 * each metric, its series and their values by slot. After a failed run, the same series
 * with the gauges' values read as NaN and the counters' as they were.
 */
final class RunResult {

	static final RunResult NONE = new RunResult(new Series[0][], new double[0][], new double[0][], null);

	private final Series[][] series;

	private final double[][] values;

	private final double[][] totals;

	/**
	 * For a result marked failed, the metrics whose values read NaN; otherwise
	 * {@code null}.
	 */
	private final boolean @Nullable [] nan;

	RunResult(Series[][] series, double[][] values, double[][] totals, boolean @Nullable [] nan) {
		this.series = series;
		this.values = values;
		this.totals = totals;
		this.nan = nan;
	}

	/**
	 * The value of a series in this result; for a series that this result does not hold,
	 * which a later run added, its latest value.
	 */
	double valueOf(int metric, Series series) {
		int slot = slotOf(metric, series);
		if (slot < 0) {
			return series.value;
		}
		return (this.nan != null && this.nan[metric]) ? Double.NaN : this.values[metric][slot];
	}

	/**
	 * A timer's total time in this result, like {@link #valueOf}.
	 */
	double totalOf(int metric, Series series) {
		int slot = slotOf(metric, series);
		return (slot >= 0) ? this.totals[metric][slot] : series.total;
	}

	private int slotOf(int metric, Series series) {
		if (metric < this.series.length) {
			Series[] bySlot = this.series[metric];
			int slot = series.slot;
			if (slot >= 0 && slot < bySlot.length && bySlot[slot] == series) {
				return slot;
			}
		}
		return -1;
	}

	/**
	 * The same series, as a failed run leaves them: gauges NaN, counters at their last
	 * value.
	 */
	RunResult failed() {
		boolean[] nan = new boolean[this.series.length];
		for (int i = 0; i < nan.length; i++) {
			Series[] bySlot = this.series[i];
			for (Series series : bySlot) {
				if (series != null) {
					nan[i] = !series.metric.keepsValueOnFailure();
					break;
				}
			}
		}
		return new RunResult(this.series, this.values, this.totals, nan);
	}

}
