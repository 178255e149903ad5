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

package io.github.observablemetrics.internal.result;

import io.micrometer.core.instrument.Meter;
import org.jspecify.annotations.Nullable;

/**
 * One label set of a metric, and the object a registry reads through the meter it feeds.
 * Where the application's meter filters fold several label sets into one meter, the meter
 * reads the series it was registered with, which then reads every member of the fold.
 */
public final class Series {

	final MetricSeries metric;

	/**
	 * The dynamic tags, keys and values alternating, sorted by key.
	 */
	final String[] tags;

	/**
	 * The tags as the callback first passed them, the key of an allocation-free lookup.
	 */
	final String[] observedTags;

	/**
	 * Whether the series is published: a run admitted it and its meter is registered.
	 * Changed under the {@link PublicationLock}.
	 */
	boolean published;

	/**
	 * The latest published value, a timer's count.
	 */
	volatile double value;

	/**
	 * A timer's latest published total time, in seconds.
	 */
	volatile double total;

	/**
	 * Whether a run observed the series; a placeholder registered before the first run
	 * has not been.
	 */
	volatile boolean observed;

	// Confined to the thread running the callback

	long seenRun;

	int bufferIndex;

	// The meter, guarded by FoldedMeters

	@Nullable Meter meter;

	/**
	 * The series the meter was registered with, this one unless it folds into another's.
	 */
	@Nullable Series host;

	/**
	 * For a host whose meter other series fold into: every series that feeds it.
	 */
	volatile Series @Nullable [] members;

	Series(MetricSeries metric, String[] tags, String[] observedTags) {
		this.metric = metric;
		this.tags = tags;
		this.observedTags = observedTags;
	}

	/**
	 * The value a registry reads through the meter, after the {@link ReadHook}s.
	 * @return the value
	 */
	double read() {
		beforeRead();
		return publishedValue();
	}

	/**
	 * A timer's total time in seconds, which a registry reads through the meter.
	 * @return the total time
	 */
	double readTotal() {
		beforeRead();
		return publishedTotal();
	}

	/**
	 * Runs the read hook of the callback of each series a read reads: the first of a
	 * gauge's fold, every series of a fold that sums.
	 */
	private void beforeRead() {
		Series[] members = this.members;
		if (members == null) {
			this.metric.beforeRead();
		}
		else if (!this.metric.foldsOverflow) {
			members[0].metric.beforeRead();
		}
		else {
			for (Series member : members) {
				member.metric.beforeRead();
			}
		}
	}

	/**
	 * The value the meter reads, without the {@link ReadHook}: for a scrape that has run
	 * its callbacks and reads under the {@link PublicationLock}. Where several series
	 * fold into the meter: their sum for a counter or an up-down counter, as a Micrometer
	 * counter incremented under folded tags would count; for a gauge, the value of the
	 * first of them still observed, as a Micrometer gauge keeps the function it was first
	 * registered with.
	 * @return the value, a timer's count
	 */
	public double publishedValue() {
		Series[] members = this.members;
		if (members == null) {
			return this.value;
		}
		if (!this.metric.foldsOverflow) {
			return members[0].value;
		}
		double sum = 0;
		for (Series member : members) {
			sum += member.value;
		}
		return sum;
	}

	/**
	 * A timer's total time in seconds, read as {@link #publishedValue()} is: the sum of
	 * the series that fold into the meter.
	 * @return the total time
	 */
	public double publishedTotal() {
		Series[] members = this.members;
		if (members == null) {
			return this.total;
		}
		double sum = 0;
		for (Series member : members) {
			sum += member.total;
		}
		return sum;
	}

	/**
	 * What a read of a series' meter does first.
	 */
	public interface ReadHook {

		/**
		 * Called before a registry reads a value.
		 */
		void beforeRead();

	}

}
