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

import io.github.observablemetrics.internal.declare.MetricDeclaration;
import io.github.observablemetrics.internal.declare.TagRules;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.github.observablemetrics.ObservableMetric;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
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
public final class MetricSeries {

	static final String[] NO_TAGS = new String[0];

	static final double[] NO_VALUES = new double[0];

	public final MetricDeclaration metric;

	/**
	 * Whether the application's meter filters deny the metric: observations of it are
	 * ignored.
	 */
	public final boolean disabled;

	private final boolean counter;

	/**
	 * Whether the metric is a timer, whose series have a total time beside their count.
	 */
	final boolean timer;

	/**
	 * Whether new label sets beyond the limit fold into an overflow series (a counter or
	 * an up-down counter, whose sum means something) rather than being dropped (a gauge).
	 */
	final boolean foldsOverflow;

	/**
	 * Whether every series of a name must have the same tag keys, as the Prometheus
	 * registry of the older lines requires.
	 */
	private final boolean uniformTagKeys;

	/**
	 * Whether every series carries the overflow tag, empty but on the overflow series:
	 * once the metric has overflowed, where every series of a name must have the same tag
	 * keys.
	 */
	private boolean overflowTagOnEverySeries;

	private final MeterRegistry registry;

	private final FoldedMeters folds;

	private final Series.ReadHook readHook;

	private final List<String> constantTagKeys;

	/**
	 * Published series by the tags as the callback passed them, for lookups that allocate
	 * nothing.
	 */
	private Map<Key, Series> byObservedTags = Map.of();

	/**
	 * Published series by their canonical (key-sorted) tags.
	 */
	private Map<Key, Series> live = Map.of();

	private @Nullable Key probe;

	/**
	 * The series of a single-value method, which has no other.
	 */
	private @Nullable Series untagged;

	public MetricSeries(MetricDeclaration metric, boolean disabled, boolean observer, boolean uniformTagKeys,
			MeterRegistry registry, FoldedMeters folds, Series.ReadHook readHook) {
		this.metric = metric;
		this.disabled = disabled;
		this.counter = metric.type() == ObservableMetric.Type.COUNTER;
		this.timer = metric.type() == ObservableMetric.Type.TIMER;
		this.foldsOverflow = metric.type() != ObservableMetric.Type.GAUGE;
		this.uniformTagKeys = observer && this.foldsOverflow && uniformTagKeys;
		this.registry = registry;
		this.folds = folds;
		this.readHook = readHook;
		this.constantTagKeys = metric.constantTagKeys();
	}

	/**
	 * Whether a failed run leaves the metric's values as they were (a counter) rather
	 * than NaN (a gauge).
	 */
	boolean keepsValueOnFailure() {
		return this.counter || this.timer;
	}

	/**
	 * How many series are published.
	 */
	public int size() {
		return (this.untagged != null) ? 1 : this.live.size();
	}

	/**
	 * What a read of one of the metric's meters does first.
	 */
	void beforeRead() {
		this.readHook.beforeRead();
	}

	// Single-value methods

	/**
	 * Registers the meter of a single-value metric before its callback first runs, with
	 * no value yet.
	 */
	public void registerPlaceholder() {
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
	public @Nullable String publishValue(double value, double total) {
		if (this.disabled) {
			return null;
		}
		String problem = checkValue(value, total);
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
		series.total = total;
		series.observed = true;
		return null;
	}

	/**
	 * Writes the value of a single-value gauge or counter whose meter exists: one
	 * volatile write, which a reader sees whole, so it needs no lock.
	 * @param value a value {@link #checkValue} accepts
	 * @return whether it was written; {@code false} when the meter must be registered, or
	 * the metric is a timer, whose count and total go together
	 */
	public boolean updateInPlace(double value) {
		if (this.disabled) {
			return true;
		}
		Series series = this.untagged;
		if (series == null || this.timer) {
			return false;
		}
		series.value = value;
		series.observed = true;
		return true;
	}

	/**
	 * A single-value method returned no value: its series is absent until it does.
	 */
	public void publishAbsent() {
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
	public void markFailed() {
		Series untagged = this.untagged;
		if (untagged != null && !untagged.observed) {
			publishAbsent();
			return;
		}
		if (!keepsValueOnFailure()) {
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
		Key probe = this.probe;
		if (probe == null) {
			if (this.byObservedTags.isEmpty()) {
				return null;
			}
			probe = new Key(tags);
			this.probe = probe;
		}
		else {
			probe.use(tags);
		}
		return this.byObservedTags.get(probe);
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
	 * are removed, before any new meter is registered. New series beyond the limit fold
	 * into the overflow series of a counter or an up-down counter, whose value is their
	 * sum, and are dropped from a gauge.
	 * @param observed the observed series, each once, published or new
	 * @param values their values
	 * @param count how many
	 * @param overflow the sum of the values of new series the run's buffer did not keep,
	 * beyond the limit
	 * @param overflowCount how many those were
	 * @param run the run, which {@link Series#seenRun} of each observed series holds
	 * @param maxSeries the cardinality limit
	 * @param outcome where to count what was dropped, folded or refused
	 */
	void publish(Series[] observed, double[] values, double[] totals, int count, double overflow, double overflowTotal,
			int overflowCount, long run, int maxSeries, Outcome outcome) {
		if (this.disabled) {
			return;
		}
		int kept = 0;
		for (int i = 0; i < count; i++) {
			if (observed[i].published) {
				kept++;
			}
		}
		int admit = maxSeries - kept;
		double folded = overflow;
		double foldedTotal = overflowTotal;
		int beyond = overflowCount;
		for (int i = 0; i < count; i++) {
			Series series = observed[i];
			if (!series.published) {
				if (admit > 0) {
					admit--;
				}
				else {
					// beyond the limit: neither published nor kept
					series.seenRun = 0;
					folded += values[i];
					foldedTotal += this.timer ? totals[i] : 0;
					beyond++;
				}
			}
		}
		Series overflowSeries = null;
		if (beyond > 0) {
			if (this.foldsOverflow) {
				if (this.uniformTagKeys && !this.overflowTagOnEverySeries) {
					retagForOverflow();
				}
				outcome.folded += beyond;
				overflowSeries = overflowSeries(count > 0 ? observed[0].tags : NO_TAGS);
				overflowSeries.seenRun = run;
				overflowSeries.value = folded;
				overflowSeries.total = foldedTotal;
			}
			else {
				outcome.dropped += beyond;
			}
		}
		if (kept + ((overflowSeries != null && overflowSeries.published) ? 1 : 0) != this.live.size()) {
			for (Iterator<Series> iterator = this.live.values().iterator(); iterator.hasNext();) {
				Series series = iterator.next();
				if (series.seenRun != run) {
					iterator.remove();
					this.byObservedTags.remove(new Key(series.observedTags));
					this.folds.detach(series);
					series.published = false;
				}
			}
		}
		for (int i = 0; i < count; i++) {
			Series series = observed[i];
			if (series.seenRun != run) {
				continue;
			}
			series.value = values[i];
			if (this.timer) {
				series.total = totals[i];
			}
			series.observed = true;
			if (!series.published && !publishNew(series)) {
				outcome.problem(refused(series.tags));
			}
		}
		if (overflowSeries != null && !overflowSeries.published && !publishNew(overflowSeries)) {
			outcome.problem(refused(overflowSeries.tags));
		}
	}

	/**
	 * Registers every published series again with an empty overflow tag, which Prometheus
	 * treats as absent, so that the overflow series may carry the tag where every series
	 * of a name must have the same tag keys.
	 */
	private void retagForOverflow() {
		this.overflowTagOnEverySeries = true;
		for (Series series : this.live.values()) {
			this.folds.detach(series);
		}
		for (Iterator<Series> iterator = this.live.values().iterator(); iterator.hasNext();) {
			Series series = iterator.next();
			if (!attach(series)) {
				iterator.remove();
				this.byObservedTags.remove(new Key(series.observedTags));
				series.published = false;
			}
		}
	}

	private boolean publishNew(Series series) {
		series.published = true;
		if (!attach(series)) {
			series.published = false;
			return false;
		}
		if (this.live.isEmpty()) {
			// a single-value metric never gets these maps
			this.live = new HashMap<>();
			this.byObservedTags = new HashMap<>();
		}
		this.live.put(new Key(series.tags), series);
		this.byObservedTags.put(new Key(series.observedTags), series);
		return true;
	}

	/**
	 * The one series that the new label sets beyond the limit fold into, tagged
	 * {@value TagRules#OVERFLOW_TAG}{@code =true}: where every series of a name must have
	 * the same tag keys, it has the others' keys with empty values, which Prometheus
	 * treats as absent.
	 */
	private Series overflowSeries(String[] tagsOfARun) {
		String[] tags;
		if (this.overflowTagOnEverySeries) {
			tags = new String[tagsOfARun.length + 2];
			for (int i = 0; i < tagsOfARun.length; i += 2) {
				tags[i] = tagsOfARun[i];
				tags[i + 1] = "";
			}
			tags[tagsOfARun.length] = TagRules.OVERFLOW_TAG;
			tags[tagsOfARun.length + 1] = "true";
			tags = canonical(tags);
		}
		else {
			tags = new String[] { TagRules.OVERFLOW_TAG, "true" };
		}
		Series series = this.live.get(new Key(tags));
		return (series != null) ? series : new Series(this, tags, tags);
	}

	/**
	 * Removes every meter of the metric.
	 */
	public void removeAll() {
		for (Series series : this.live.values()) {
			this.folds.detach(series);
		}
		this.live = Map.of();
		this.byObservedTags = Map.of();
		publishAbsent();
	}

	private boolean attach(Series series) {
		Tags declared = (series.tags.length == 0) ? this.metric.tags() : this.metric.tags().and(series.tags);
		Tags tags = (this.overflowTagOnEverySeries && !containsKey(series.tags, TagRules.OVERFLOW_TAG))
				? declared.and(TagRules.OVERFLOW_TAG, "") : declared;
		OwnMeters.Registration registration;
		try {
			registration = OwnMeters.register(series, () -> register(series, tags));
		}
		catch (RuntimeException ex) {
			return false;
		}
		return this.folds.attach(series, registration.meter(), registration.added());
	}

	private Meter register(Series series, Tags tags) {
		return register(this.registry, this.metric, tags, series, Series::read, Series::readTotal);
	}

	/**
	 * Registers the meter of one series of a metric: the one place that decides which
	 * Micrometer meter each type becomes.
	 * @param <T> the type of the object the meter reads
	 * @param registry the registry
	 * @param metric the metric
	 * @param tags the series' tags, the constant ones included
	 * @param source what the meter reads, which the caller keeps: function counters and
	 * timers keep only a weak reference
	 * @param value the value, or a timer's count
	 * @param total a timer's total time in seconds
	 * @return the meter the registry returned
	 */
	public static <T> Meter register(MeterRegistry registry, MetricDeclaration metric, Tags tags, T source,
			ToDoubleFunction<T> value, ToDoubleFunction<T> total) {
		return switch (metric.type()) {
			case TIMER -> FunctionTimer
				.builder(metric.name(), source, (read) -> (long) value.applyAsDouble(read), total, TimeUnit.SECONDS)
				.description(metric.description())
				.tags(tags)
				.register(registry);
			case COUNTER -> FunctionCounter.builder(metric.name(), source, value)
				.description(metric.description())
				.baseUnit(metric.unit())
				.tags(tags)
				.register(registry);
			default -> metric.timeGauge()
					? TimeGauge.builder(metric.name(), source, TimeUnit.SECONDS, value)
						.description(metric.description())
						.tags(tags)
						.strongReference(true)
						.register(registry)
					: Gauge.builder(metric.name(), source, value)
						.description(metric.description())
						.baseUnit(metric.unit())
						.tags(tags)
						.strongReference(true)
						.register(registry);
		};
	}

	private static boolean containsKey(String[] tags, String key) {
		for (int i = 0; i < tags.length; i += 2) {
			if (tags[i].equals(key)) {
				return true;
			}
		}
		return false;
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
			String problem = TagRules.checkKey(key, this.constantTagKeys);
			if (problem != null) {
				return "passed the tag key '" + key + "', which " + problem;
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
	 * Checks a value: a COUNTER's must be a finite total of at least 0, and so must a
	 * TIMER's count and total time. A total lower than before is a reset, and passes.
	 * @param value the value, or a timer's count
	 * @param total a timer's total time in seconds
	 * @return what is wrong, or {@code null}
	 */
	public @Nullable String checkValue(double value, double total) {
		if (this.counter && (!Double.isFinite(value) || value < 0)) {
			return "reported " + value + " for a COUNTER, which must be a finite total of at least 0";
		}
		if (this.timer && (value < 0 || !Double.isFinite(total) || total < 0)) {
			return "reported a count of " + (long) value + " and a total time of " + total
					+ " seconds for a TIMER, whose count and total time must be at least 0";
		}
		return null;
	}

	/**
	 * A duration in seconds, as a timer's total time is published.
	 */
	public static double seconds(Duration duration) {
		return duration.getSeconds() + duration.getNano() / 1e9;
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
	 * What publishing a run dropped, folded or refused.
	 */
	static final class Outcome {

		int dropped;

		int folded;

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
