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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.observablemetrics.ObservableMetric;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import org.jspecify.annotations.Nullable;

/**
 * The live series of one declared metric and their meters. During a run of the callback
 * it takes the observations, creating a meter for each tag combination seen for the first
 * time; after a successful run it removes the meters of the combinations the run did not
 * observe, so that a read exports exactly the series of the last run.
 * <p>
 * Observations arrive on the thread running the callback, one run at a time; the
 * {@link #live} map is also read by the reading threads that mark a failure and by close.
 */
final class MetricTable {

	/**
	 * Returned by {@link #observe} for an observation dropped by the cardinality limit,
	 * which is counted on its own rather than as an invalid observation.
	 */
	static final String DROPPED = "dropped by the cardinality limit";

	static final String[] NO_TAGS = new String[0];

	final ObservedCallback callback;

	final MetricDeclaration metric;

	private final List<String> constantTagKeys;

	/**
	 * Whether the application's meter filters deny the metric: observations of it are
	 * ignored.
	 */
	final boolean disabled;

	private final boolean counter;

	private final MeterRegistry registry;

	private final int maxSeries;

	/**
	 * Series by the tags as the callback passed them, for lookups that allocate nothing.
	 */
	private final Map<Key, Series> byObservedTags = new HashMap<>();

	/**
	 * Series by their canonical (key-sorted) tags.
	 */
	private final Map<Key, Series> live = new ConcurrentHashMap<>();

	private final Key probe = new Key(NO_TAGS);

	/**
	 * The series observed without tags, kept apart from {@link #byObservedTags}: a method
	 * that returns its value reports only that series, and taking the value then looks
	 * nothing up, and its table keeps no map entry for it.
	 */
	private @Nullable Series untagged;

	private final @Nullable Counter dropped;

	/**
	 * The sorted dynamic tag keys every series of this metric has, fixed by the first
	 * accepted observation.
	 */
	private String @Nullable [] tagKeys;

	private int seenThisRun;

	private boolean droppedWarned;

	MetricTable(ObservedCallback callback, MetricDeclaration metric, MeterRegistry registry, int maxSeries,
			@Nullable Counter dropped, boolean disabled) {
		this.callback = callback;
		this.metric = metric;
		this.constantTagKeys = metric.constantTagKeys();
		this.counter = metric.type() == ObservableMetric.Type.COUNTER;
		this.disabled = disabled;
		this.registry = registry;
		this.maxSeries = maxSeries;
		this.dropped = dropped;
	}

	void beginRun() {
		this.seenThisRun = 0;
	}

	int size() {
		return this.live.size();
	}

	/**
	 * Takes one observation of the run.
	 * @param value the value
	 * @param tags the dynamic tags, keys and values alternating
	 * @param run the run
	 * @return why the observation was dropped, or {@code null} when it was taken
	 */
	@Nullable String observe(double value, String[] tags, long run) {
		if (this.disabled) {
			return null;
		}
		Series series = (tags.length == 0) ? this.untagged : null;
		if (series == null) {
			this.probe.use(tags);
			series = this.byObservedTags.get(this.probe);
		}
		if (series == null) {
			if (this.seenThisRun >= this.maxSeries) {
				// over the limit: drop before any work, however many more the callback
				// reports
				return drop();
			}
			String problem = checkPairs(tags);
			if (problem != null) {
				return problem;
			}
			String[] canonical = canonical(tags);
			problem = checkKeys(canonical);
			if (problem != null) {
				return problem;
			}
			series = this.live.get(new Key(canonical));
			if (series == null) {
				problem = checkValue(value, Double.NaN);
				if (problem != null) {
					return problem;
				}
				series = create(canonical, value);
				if (series == null) {
					return "the MeterRegistry refused a meter with the tags " + Arrays.toString(tags);
				}
			}
			if (tags.length == 0) {
				this.untagged = series;
			}
			else {
				this.byObservedTags.put(new Key(tags.clone()), series);
			}
		}
		if (series.seenRun != run) {
			series.seenRun = run;
			this.seenThisRun++;
		}
		if (!series.observed) {
			series.observed = true;
		}
		String problem = checkValue(value, series.value);
		if (problem != null) {
			return problem;
		}
		series.value = value;
		return null;
	}

	/**
	 * After a successful run, removes the series the run did not observe.
	 * @param run the run
	 */
	void endRun(long run) {
		if (this.seenThisRun == this.live.size()) {
			return;
		}
		for (Iterator<Series> iterator = this.live.values().iterator(); iterator.hasNext();) {
			Series series = iterator.next();
			if (series.seenRun != run) {
				iterator.remove();
				remove(series);
			}
		}
		this.byObservedTags.values().removeIf((series) -> series.removed);
		Series untagged = this.untagged;
		if (untagged != null && untagged.removed) {
			this.untagged = null;
		}
	}

	/**
	 * Registers the meter of a single-series metric before its callback first runs, with
	 * no value yet, so that any reader (a push registry's publish,
	 * {@code /actuator/metrics/{name}}) finds a meter to read, and reading it runs the
	 * callback.
	 */
	void registerPlaceholder() {
		if (!this.disabled) {
			create(NO_TAGS, Double.NaN);
		}
	}

	/**
	 * After a failed or timed-out run: gauges report NaN, counters keep their last value,
	 * and a placeholder that never had a value goes away.
	 */
	void markFailed() {
		for (Iterator<Series> iterator = this.live.values().iterator(); iterator.hasNext();) {
			Series series = iterator.next();
			if (!series.observed) {
				iterator.remove();
				remove(series);
			}
			else if (this.metric.type() != ObservableMetric.Type.COUNTER) {
				series.value = Double.NaN;
			}
		}
	}

	void removeAll() {
		for (Series series : this.live.values()) {
			remove(series);
		}
		this.live.clear();
		if (this.dropped != null) {
			this.registry.remove(this.dropped);
		}
	}

	private void remove(Series series) {
		series.removed = true;
		Meter meter = series.meter;
		if (meter != null) {
			this.registry.remove(meter);
		}
	}

	private String drop() {
		if (this.dropped != null) {
			this.dropped.increment();
		}
		if (!this.droppedWarned) {
			this.droppedWarned = true;
			this.callback.logCardinality(this.metric, this.maxSeries);
		}
		return DROPPED;
	}

	private @Nullable String checkPairs(String[] tags) {
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

	private @Nullable String checkKeys(String[] canonical) {
		String[] keys = keys(canonical);
		if (this.tagKeys == null) {
			this.tagKeys = keys;
		}
		else if (!Arrays.equals(this.tagKeys, keys)) {
			return "passed the tag keys " + Arrays.toString(keys) + ", but the metric's other series have "
					+ Arrays.toString(this.tagKeys);
		}
		return null;
	}

	private @Nullable String checkValue(double value, double previous) {
		if (!this.counter) {
			return null;
		}
		if (!Double.isFinite(value) || value < 0) {
			return "reported " + value + " for a COUNTER, which must be a finite total of at least 0";
		}
		if (value < previous) {
			return "reported " + value + " for a COUNTER whose total was " + previous + "; a counter never decreases";
		}
		return null;
	}

	private @Nullable Series create(String[] canonical, double value) {
		if (this.callback.isClosed()) {
			return null;
		}
		Series series = new Series(this, canonical, value);
		Tags tags = (canonical.length == 0) ? this.metric.tags() : this.metric.tags().and(canonical);
		try {
			series.meter = ForeignMeterWarning.registerOwn(() -> register(series, tags));
		}
		catch (RuntimeException ex) {
			return null;
		}
		this.live.put(new Key(canonical), series);
		return series;
	}

	private Meter register(Series series, Tags tags) {
		MetricDeclaration metric = this.metric;
		if (metric.type() == ObservableMetric.Type.COUNTER) {
			// FunctionCounter keeps only a weak reference; this table keeps the series.
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

	private static String[] canonical(String[] tags) {
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

	private static String[] keys(String[] canonical) {
		String[] keys = new String[canonical.length / 2];
		for (int i = 0; i < keys.length; i++) {
			keys[i] = canonical[i * 2];
		}
		return keys;
	}

	/**
	 * A tag array as a map key. The probe instance is reused for every lookup, so a hit
	 * allocates nothing.
	 */
	private static final class Key {

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
