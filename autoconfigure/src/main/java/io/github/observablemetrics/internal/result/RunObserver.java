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

import io.github.observablemetrics.internal.report.CallbackReport;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.github.observablemetrics.MetricObserver;
import io.github.observablemetrics.internal.result.MetricSeries.Key;
import io.github.observablemetrics.internal.result.MetricSeries.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * The {@link MetricObserver} of one run: it collects the run's observations in a buffer
 * of its own, which becomes the callback's result only if the run succeeds. Observations
 * that break the rules are set aside as they come; new label sets beyond the cardinality
 * limit are not even kept, so that a run reporting millions of them stays bounded.
 */
public final class RunObserver implements MetricObserver {

	private final MetricSeries[] metrics;

	private final CallbackReport report;

	private final int maxSeries;

	private final long run;

	private final Buffer[] buffers;

	private boolean open = true;

	private final Outcome outcome = new Outcome();

	private final int[] dropped;

	private final int[] folded;

	private int series;

	/**
	 * Creates the observer of one run.
	 * @param metrics the callback's metrics
	 * @param report where dropped observations are reported
	 * @param maxSeries the cardinality limit
	 * @param run the run's number, unique for the callback
	 */
	public RunObserver(MetricSeries[] metrics, CallbackReport report, int maxSeries, long run) {
		this.metrics = metrics;
		this.report = report;
		this.maxSeries = maxSeries;
		this.run = run;
		this.buffers = new Buffer[metrics.length];
		for (int i = 0; i < this.buffers.length; i++) {
			this.buffers[i] = new Buffer(metrics[i], run, maxSeries);
		}
		this.dropped = new int[this.buffers.length];
		this.folded = new int[this.buffers.length];
	}

	@Override
	public synchronized void observe(double value, String... tagKeyValues) {
		Buffer buffer = only();
		if (buffer != null) {
			take(buffer, value, Double.NaN, false, tagKeyValues);
		}
	}

	@Override
	public synchronized void observe(String metricName, double value, String... tagKeyValues) {
		Buffer buffer = named(metricName);
		if (buffer != null) {
			take(buffer, value, Double.NaN, false, tagKeyValues);
		}
	}

	@Override
	public synchronized void observe(long count, Duration totalTime, String... tagKeyValues) {
		Buffer buffer = only();
		if (buffer != null) {
			take(buffer, count, MetricSeries.seconds(totalTime), true, tagKeyValues);
		}
	}

	@Override
	public synchronized void observe(String metricName, long count, Duration totalTime, String... tagKeyValues) {
		Buffer buffer = named(metricName);
		if (buffer != null) {
			take(buffer, count, MetricSeries.seconds(totalTime), true, tagKeyValues);
		}
	}

	private @Nullable Buffer only() {
		if (this.buffers.length != 1) {
			problem("observed a value without naming the metric, but it declares the metrics "
					+ Arrays.toString(names()) + "; call observe(metricName, value, tags...)");
			return null;
		}
		return this.buffers[0];
	}

	private @Nullable Buffer named(String metricName) {
		for (Buffer buffer : this.buffers) {
			if (buffer.metric.metric.name().equals(metricName)) {
				return buffer;
			}
		}
		problem("observed the metric '" + metricName + "', which it does not declare; it declares "
				+ Arrays.toString(names()));
		return null;
	}

	private void take(Buffer buffer, double value, double total, boolean timed, String @Nullable [] tagKeyValues) {
		if (!this.open) {
			problem("used its MetricObserver after it returned; observe only while the callback runs");
			return;
		}
		if (timed != buffer.metric.timer) {
			problem("observed the metric '" + buffer.metric.metric.name() + "' with "
					+ (timed ? "a count and a total time, but it is not a TIMER; call observe(value, tags...)"
							: "a single value, but it is a TIMER; call observe(count, totalTime, tags...)"));
			return;
		}
		String problem = buffer.add(value, total, (tagKeyValues != null) ? tagKeyValues : MetricSeries.NO_TAGS);
		if (problem != null) {
			problem("observed the metric '" + buffer.metric.metric.name() + "' but " + problem);
		}
	}

	/**
	 * Counts an observation the caller dropped as invalid, such as a row with a
	 * {@code null} tag.
	 * @param problem what was wrong, after the callback's description
	 */
	public synchronized void invalid(String problem) {
		problem(problem);
	}

	private void problem(String problem) {
		if (this.open) {
			this.outcome.problem(problem);
		}
		else {
			this.report.invalid(problem);
		}
	}

	public synchronized void close() {
		this.open = false;
		for (Buffer buffer : this.buffers) {
			buffer.closed = true;
		}
	}

	/**
	 * Publishes the buffer as the callback's result, after the run succeeded, under the
	 * {@link PublicationLock}.
	 */
	public synchronized void publish() {
		for (int i = 0; i < this.buffers.length; i++) {
			Buffer buffer = this.buffers[i];
			int droppedBefore = this.outcome.dropped;
			int foldedBefore = this.outcome.folded;
			buffer.metric.publish(buffer.series, buffer.values, buffer.totals, buffer.size, buffer.overflow,
					buffer.overflowTotal, buffer.overflowCount, this.run, this.maxSeries, this.outcome);
			this.dropped[i] = this.outcome.dropped - droppedBefore;
			this.folded[i] = this.outcome.folded - foldedBefore;
			this.series += buffer.metric.size();
		}
	}

	/**
	 * Reports the series the cardinality limit dropped or folded, after
	 * {@link #publish()}.
	 */
	public void reportDrops() {
		for (int i = 0; i < this.dropped.length; i++) {
			if (this.dropped[i] > 0 || this.folded[i] > 0) {
				this.report.beyondLimit(this.buffers[i].metric.metric, this.dropped[i], this.folded[i], this.maxSeries);
			}
		}
	}

	public int series() {
		return this.series;
	}

	public int invalid() {
		return this.outcome.problems;
	}

	public @Nullable String firstProblem() {
		return this.outcome.firstProblem;
	}

	private String[] names() {
		return Arrays.stream(this.buffers).map((buffer) -> buffer.metric.metric.name()).toArray(String[]::new);
	}

	/**
	 * The observations of one metric in one run, each series once (the last value wins).
	 */
	private static final class Buffer {

		final MetricSeries metric;

		private final long run;

		private final int maxSeries;

		Series[] series = new Series[4];

		double[] values = new double[4];

		/**
		 * The total times of a timer's series, in seconds.
		 */
		double[] totals;

		int size;

		double overflow;

		double overflowTotal;

		int overflowCount;

		boolean closed;

		/**
		 * The tag keys of the run's first observation, which every other observation of
		 * the run must have.
		 */
		private String @Nullable [] canonicalOfFirst;

		/**
		 * Label sets observed for the first time in this run.
		 */
		private @Nullable Map<Key, Series> fresh;

		Buffer(MetricSeries metric, long run, int maxSeries) {
			this.metric = metric;
			this.run = run;
			this.maxSeries = maxSeries;
			this.totals = metric.timer ? new double[4] : MetricSeries.NO_VALUES;
		}

		@Nullable String add(double value, double total, String[] tags) {
			if (this.metric.disabled || this.closed) {
				return null;
			}
			Series series = this.metric.lookup(tags);
			if (series == null) {
				String problem = this.metric.checkTags(tags);
				if (problem != null) {
					return problem;
				}
				String[] canonical = MetricSeries.canonical(tags);
				series = this.metric.published(canonical);
				if (series == null) {
					Key key = new Key(canonical);
					series = (this.fresh != null) ? this.fresh.get(key) : null;
					if (series == null) {
						problem = this.metric.checkValue(value, total);
						if (problem != null) {
							return problem;
						}
						if (this.fresh != null && this.fresh.size() >= this.maxSeries) {
							// never admitted, as published series come first: folded or
							// dropped without keeping the label set
							this.overflow += value;
							this.overflowTotal += this.metric.timer ? total : 0;
							this.overflowCount++;
							return null;
						}
						series = new Series(this.metric, canonical, tags.clone());
						if (this.fresh == null) {
							this.fresh = new HashMap<>();
						}
						this.fresh.put(key, series);
					}
				}
			}
			String[] first = this.canonicalOfFirst;
			if (first == null) {
				this.canonicalOfFirst = series.tags;
			}
			else if (first != series.tags && !MetricSeries.sameKeys(first, series.tags)) {
				return "passed the tag keys " + Arrays.toString(MetricSeries.keys(series.tags))
						+ ", but its other series in this run have " + Arrays.toString(MetricSeries.keys(first));
			}
			String problem = this.metric.checkValue(value, total);
			if (problem != null) {
				if (series.published && series.seenRun != this.run) {
					// a published counter keeps its last value
					append(series, series.value, series.total);
				}
				return problem;
			}
			if (series.seenRun == this.run) {
				this.values[series.bufferIndex] = value;
				if (this.metric.timer) {
					this.totals[series.bufferIndex] = total;
				}
			}
			else {
				append(series, value, total);
			}
			return null;
		}

		private void append(Series series, double value, double total) {
			if (this.size == this.series.length) {
				this.series = Arrays.copyOf(this.series, this.size * 2);
				this.values = Arrays.copyOf(this.values, this.size * 2);
				if (this.metric.timer) {
					this.totals = Arrays.copyOf(this.totals, this.size * 2);
				}
			}
			series.seenRun = this.run;
			series.bufferIndex = this.size;
			this.series[this.size] = series;
			if (this.metric.timer) {
				this.totals[this.size] = total;
			}
			this.values[this.size++] = value;
		}

	}

}
