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
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.observablemetrics.ObservableMetric;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import org.jspecify.annotations.Nullable;

/**
 * The published series of one metric of a callback, and the meters that publish them:
 * meters are created and removed from the difference between one result and the next.
 * Also the one home of the rules an observation's tags and values follow. Changed only by
 * the callback's runs, one at a time, and by closing, under the callback's lock.
 */
final class MetricSeries {

	static final String[] NO_TAGS = new String[0];

	final MetricDeclaration metric;

	/**
	 * The metric's place among the callback's metrics.
	 */
	final int index;

	/**
	 * Whether the application's meter filters deny the metric: observations of it are
	 * ignored.
	 */
	final boolean disabled;

	private final boolean counter;

	private final MeterRegistry registry;

	private final FoldedMeters folds;

	private final ResultSource source;

	private final List<String> constantTagKeys;

	/**
	 * Published series by the tags as the callback passed them, for lookups that allocate
	 * nothing.
	 */
	private final Map<Key, Series> byObservedTags = new HashMap<>();

	/**
	 * Published series by their canonical (key-sorted) tags.
	 */
	private final Map<Key, Series> live = new HashMap<>();

	private final Key probe = new Key(NO_TAGS);

	/**
	 * The series of a single-value method, which has no other.
	 */
	private @Nullable Series untagged;

	private int[] freeSlots = new int[0];

	private int freeCount;

	private int nextSlot;

	MetricSeries(MetricDeclaration metric, int index, boolean disabled, MeterRegistry registry, FoldedMeters folds,
			ResultSource source) {
		this.metric = metric;
		this.index = index;
		this.disabled = disabled;
		this.counter = metric.type() == ObservableMetric.Type.COUNTER;
		this.registry = registry;
		this.folds = folds;
		this.source = source;
		this.constantTagKeys = metric.constantTagKeys();
	}

	/**
	 * Whether a failed run leaves the metric's values as they were (a counter) rather
	 * than NaN (a gauge).
	 */
	boolean keepsValueOnFailure() {
		return this.counter;
	}

	/**
	 * How many series are published.
	 */
	int size() {
		return (this.untagged != null) ? 1 : this.live.size();
	}

	// Reads

	double valueOf(Series series) {
		RunResult result = this.source.resultForRead();
		return (result != null) ? result.valueOf(this.index, series) : series.value;
	}

	/**
	 * The value of a meter that several series fold into: the sum for a counter or an
	 * up-down counter, as a Micrometer counter incremented under folded tags would count;
	 * for a gauge, the value of the first of them still observed, as a Micrometer gauge
	 * keeps the function it was first registered with.
	 */
	double fold(Series[] members) {
		if (this.metric.type() == ObservableMetric.Type.GAUGE) {
			Series first = members[0];
			return first.metric.valueOf(first);
		}
		double sum = 0;
		for (Series member : members) {
			sum += member.metric.valueOf(member);
		}
		return sum;
	}

	// Single-value methods

	/**
	 * Registers the meter of a single-value metric before its callback first runs, with
	 * no value yet.
	 */
	void registerPlaceholder() {
		if (!this.disabled && this.untagged == null) {
			Series series = new Series(this, NO_TAGS, NO_TAGS);
			series.value = Double.NaN;
			if (attach(series)) {
				this.untagged = series;
			}
		}
	}

	/**
	 * Publishes the value a single-value method returned.
	 * @return why the value was dropped, or {@code null}
	 */
	@Nullable String publishValue(double value) {
		if (this.disabled) {
			return null;
		}
		String problem = checkValue(value);
		if (problem != null) {
			return problem;
		}
		Series series = this.untagged;
		if (series == null) {
			series = new Series(this, NO_TAGS, NO_TAGS);
			series.value = value;
			if (!attach(series)) {
				return refused(NO_TAGS);
			}
			this.untagged = series;
		}
		series.value = value;
		series.observed = true;
		return null;
	}

	/**
	 * A single-value method returned no value: its series is absent until it does.
	 */
	void publishAbsent() {
		Series series = this.untagged;
		if (series != null) {
			this.untagged = null;
			this.folds.detach(series);
		}
	}

	/**
	 * After a failed or timed-out run: gauges read NaN, counters keep their last value,
	 * and a placeholder that never had a value goes away.
	 */
	void markFailed() {
		Series untagged = this.untagged;
		if (untagged != null && !untagged.observed) {
			publishAbsent();
			return;
		}
		if (!this.counter) {
			if (untagged != null) {
				untagged.value = Double.NaN;
			}
			for (Series series : this.live.values()) {
				series.value = Double.NaN;
			}
		}
	}

	// Observer methods

	/**
	 * The published series an observation's tags name, found without allocating.
	 */
	@Nullable Series lookup(String[] tags) {
		this.probe.use(tags);
		return this.byObservedTags.get(this.probe);
	}

	/**
	 * The published series with the given canonical tags.
	 */
	@Nullable Series published(String[] canonical) {
		return this.live.get(new Key(canonical));
	}

	/**
	 * Publishes what a successful run observed of this metric: the published series it
	 * observed keep their identity, new ones are admitted in the order observed while the
	 * metric stays within {@code maxSeries}, and the published series it did not observe
	 * are removed, before any new meter is registered.
	 * @param observed the observed series, each once, published or new
	 * @param values their values
	 * @param count how many
	 * @param run the run, which {@link Series#seenRun} of each observed series holds
	 * @param maxSeries the cardinality limit
	 * @param outcome where to count what was dropped or refused
	 * @return the series and values by slot
	 */
	Published publish(Series[] observed, double[] values, int count, long run, int maxSeries, Outcome outcome) {
		if (this.disabled) {
			return Published.NONE;
		}
		int kept = 0;
		for (int i = 0; i < count; i++) {
			if (observed[i].slot >= 0) {
				kept++;
			}
		}
		if (kept != this.live.size()) {
			for (Iterator<Series> iterator = this.live.values().iterator(); iterator.hasNext();) {
				Series series = iterator.next();
				if (series.seenRun != run) {
					iterator.remove();
					this.byObservedTags.remove(new Key(series.observedTags));
					this.folds.detach(series);
					freeSlot(series.slot);
					series.slot = -1;
				}
			}
		}
		int admit = maxSeries - kept;
		for (int i = 0; i < count; i++) {
			Series series = observed[i];
			series.value = values[i];
			series.observed = true;
			if (series.slot >= 0) {
				continue;
			}
			if (admit <= 0) {
				outcome.dropped++;
				continue;
			}
			series.slot = allocateSlot();
			if (!attach(series)) {
				freeSlot(series.slot);
				series.slot = -1;
				outcome.problem(refused(series.tags));
				continue;
			}
			admit--;
			this.live.put(new Key(series.tags), series);
			this.byObservedTags.put(new Key(series.observedTags), series);
		}
		Series[] bySlot = new Series[this.nextSlot];
		double[] valuesBySlot = new double[this.nextSlot];
		for (Series series : this.live.values()) {
			bySlot[series.slot] = series;
			valuesBySlot[series.slot] = series.value;
		}
		return new Published(bySlot, valuesBySlot);
	}

	/**
	 * Removes every meter of the metric.
	 */
	void removeAll() {
		for (Series series : this.live.values()) {
			this.folds.detach(series);
		}
		this.live.clear();
		this.byObservedTags.clear();
		publishAbsent();
	}

	private int allocateSlot() {
		return (this.freeCount > 0) ? this.freeSlots[--this.freeCount] : this.nextSlot++;
	}

	private void freeSlot(int slot) {
		if (this.freeCount == this.freeSlots.length) {
			this.freeSlots = Arrays.copyOf(this.freeSlots, Math.max(8, this.freeCount * 2));
		}
		this.freeSlots[this.freeCount++] = slot;
	}

	private boolean attach(Series series) {
		Tags tags = (series.tags.length == 0) ? this.metric.tags() : this.metric.tags().and(series.tags);
		ForeignMeterWarning.Registration registration;
		try {
			registration = ForeignMeterWarning.registerOwn(() -> register(series, tags));
		}
		catch (RuntimeException ex) {
			return false;
		}
		return this.folds.attach(series, registration.meter(), registration.added());
	}

	private Meter register(Series series, Tags tags) {
		MetricDeclaration metric = this.metric;
		if (this.counter) {
			// FunctionCounter keeps only a weak reference; this class keeps the series.
			return FunctionCounter.builder(metric.name(), series, Series::read)
				.description(metric.description())
				.baseUnit(metric.unit())
				.tags(tags)
				.register(this.registry);
		}
		if (metric.timeGauge()) {
			return TimeGauge.builder(metric.name(), series, TimeUnit.SECONDS, Series::read)
				.description(metric.description())
				.tags(tags)
				.strongReference(true)
				.register(this.registry);
		}
		return Gauge.builder(metric.name(), series, Series::read)
			.description(metric.description())
			.baseUnit(metric.unit())
			.tags(tags)
			.strongReference(true)
			.register(this.registry);
	}

	private static String refused(String[] tags) {
		return "observed tags " + Arrays.toString(tags)
				+ " that the MeterRegistry refused, or that name a meter this starter did not register";
	}

	// The rules an observation follows

	/**
	 * Checks the tags of an observation of a label set not yet published.
	 * @return what is wrong, or {@code null}
	 */
	@Nullable String checkTags(String[] tags) {
		if (tags.length % 2 != 0) {
			return "passed an odd number of tag strings (" + tags.length + "): " + Arrays.toString(tags)
					+ "; tags are keys and values, alternating";
		}
		for (int i = 0; i < tags.length; i += 2) {
			String key = tags[i];
			if (key == null || tags[i + 1] == null) {
				return "passed a null tag key or value: " + Arrays.toString(tags);
			}
			if (!DeclarationValidator.TAG_KEY.matcher(key).matches()) {
				return "passed the tag key '" + key + "', which is not a valid tag key";
			}
			if (this.constantTagKeys.contains(key)) {
				return "passed the tag key '" + key + "', which is a constant tag of the metric";
			}
			for (int j = i + 2; j < tags.length; j += 2) {
				if (key.equals(tags[j])) {
					return "passed the tag key '" + key + "' twice";
				}
			}
		}
		return null;
	}

	/**
	 * Checks a value: a COUNTER's must be a finite total of at least 0. A total lower
	 * than before is a reset, and passes.
	 * @return what is wrong, or {@code null}
	 */
	@Nullable String checkValue(double value) {
		if (this.counter && (!Double.isFinite(value) || value < 0)) {
			return "reported " + value + " for a COUNTER, which must be a finite total of at least 0";
		}
		return null;
	}

	/**
	 * Whether two series have the same tag keys.
	 */
	static boolean sameKeys(String[] canonical, String[] other) {
		if (canonical.length != other.length) {
			return false;
		}
		for (int i = 0; i < canonical.length; i += 2) {
			if (!canonical[i].equals(other[i])) {
				return false;
			}
		}
		return true;
	}

	static String[] keys(String[] canonical) {
		String[] keys = new String[canonical.length / 2];
		for (int i = 0; i < keys.length; i++) {
			keys[i] = canonical[i * 2];
		}
		return keys;
	}

	static String[] canonical(String[] tags) {
		if (tags.length <= 2) {
			return tags.clone();
		}
		int pairs = tags.length / 2;
		Integer[] order = new Integer[pairs];
		for (int i = 0; i < pairs; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> tags[a * 2].compareTo(tags[b * 2]));
		String[] sorted = new String[tags.length];
		for (int i = 0; i < pairs; i++) {
			sorted[i * 2] = tags[order[i] * 2];
			sorted[i * 2 + 1] = tags[order[i] * 2 + 1];
		}
		return sorted;
	}

	/**
	 * The series and values of one metric in a {@link RunResult}, by slot.
	 *
	 * @param series the series by slot
	 * @param values their values by slot
	 */
	record Published(Series[] series, double[] values) {

		static final Published NONE = new Published(new Series[0], new double[0]);

	}

	/**
	 * What publishing a run dropped or refused.
	 */
	static final class Outcome {

		int dropped;

		int problems;

		@Nullable String firstProblem;

		void problem(String problem) {
			if (this.problems++ == 0) {
				this.firstProblem = problem;
			}
		}

	}

	/**
	 * A tag array as a map key. The probe instance is reused for every lookup, so a hit
	 * allocates nothing.
	 */
	static final class Key {

		private String[] tags;

		private int hash;

		Key(String[] tags) {
			use(tags);
		}

		void use(String[] tags) {
			this.tags = tags;
			this.hash = Arrays.hashCode(tags);
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Key key && this.hash == key.hash && Arrays.equals(this.tags, key.tags);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

}
