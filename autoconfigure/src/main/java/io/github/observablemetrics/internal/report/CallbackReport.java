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

package io.github.observablemetrics.internal.report;

import io.github.observablemetrics.internal.declare.CallbackDeclaration;
import io.github.observablemetrics.internal.declare.MetricDeclaration;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What one callback's runs came to, told to the log, the self-metrics and the actuator
 * endpoint. It is told how each run ended and decides nothing.
 */
public final class CallbackReport {

	private static final Log logger = LogFactory.getLog(CallbackReport.class);

	private final CallbackDeclaration declaration;

	private final MeterRegistry registry;

	private final @Nullable SelfMetrics self;

	private final Duration timeout;

	/**
	 * Created at the first failure or invalid observation: most callbacks never have one,
	 * and this is one of thousands of reports.
	 */
	private volatile @Nullable Logs logs;

	/**
	 * The callback's up and duration gauges, and its run timer and error counters with
	 * {@link CallbackMeters#FULL}; registered at the first failure with
	 * {@link CallbackMeters#FAILED}.
	 */
	private volatile Meter @Nullable [] meters;

	private boolean removed;

	private final @Nullable Timer runs;

	private final @Nullable Counter exceptions;

	private final @Nullable Counter timeouts;

	private final @Nullable Counter invalid;

	private volatile boolean limitWarned;

	// What the actuator endpoint shows, and the gauges read

	private volatile double up = Double.NaN;

	private volatile boolean timedOutRunning;

	private volatile long invocations;

	/**
	 * When the last run returned ({@link System#nanoTime()}); the endpoint turns it into
	 * an instant, so that a run does not read the wall clock.
	 */
	private volatile long lastRunNanos;

	private volatile long lastDurationNanos;

	private volatile int lastSeries;

	private volatile @Nullable String lastError;

	public CallbackReport(CallbackDeclaration declaration, MeterRegistry registry, @Nullable SelfMetrics self,
			Duration timeout) {
		this.declaration = declaration;
		this.registry = registry;
		this.self = self;
		this.timeout = timeout;
		if (self == null || self.callbacks != CallbackMeters.FULL) {
			this.runs = null;
			this.exceptions = null;
			this.timeouts = null;
			this.invalid = null;
			if (self != null && self.callbacks == CallbackMeters.ALL) {
				this.meters = healthMeters();
			}
			return;
		}
		String id = declaration.id();
		this.runs = Timer.builder(SelfMetrics.RUNS_METRIC)
			.description("Runs of the @ObservableMetric callback and the time they took")
			.tag("callback", id)
			.register(registry);
		this.exceptions = SelfMetrics.errors(registry, id, SelfMetrics.EXCEPTION);
		this.timeouts = SelfMetrics.errors(registry, id, SelfMetrics.TIMEOUT);
		this.invalid = SelfMetrics.errors(registry, id, SelfMetrics.INVALID);
		Meter[] health = healthMeters();
		this.meters = new Meter[] { health[0], health[1], this.runs, this.exceptions, this.timeouts, this.invalid };
	}

	/**
	 * Registers the callback's up and duration gauges, the two series by which an
	 * operator alerts on a failing callback and finds the slow ones.
	 */
	private Meter[] healthMeters() {
		String id = this.declaration.id();
		Gauge up = Gauge.builder(SelfMetrics.UP_METRIC, this, (report) -> report.up)
			.description("Whether the last run of the @ObservableMetric callback succeeded (1) or not (0)")
			.tag("callback", id)
			.strongReference(true)
			.register(this.registry);
		TimeGauge duration = TimeGauge
			.builder(SelfMetrics.DURATION_METRIC, this, TimeUnit.NANOSECONDS, (report) -> report.lastDurationNanos)
			.description("How long the last run of the @ObservableMetric callback took")
			.tag("callback", id)
			.strongReference(true)
			.register(this.registry);
		return new Meter[] { up, duration };
	}

	/**
	 * With {@link CallbackMeters#FAILED}, a callback that fails for the first time gets
	 * its up and duration gauges, and keeps them: an alert on {@code up == 0} then finds
	 * it, and resolves when it recovers.
	 */
	private void failedOnce() {
		if (this.meters == null && this.self != null && this.self.callbacks == CallbackMeters.FAILED) {
			synchronized (this) {
				if (this.meters == null && !this.removed) {
					this.meters = healthMeters();
				}
			}
		}
	}

	/**
	 * Whether the last run started and did not return in time: a callback that may hang.
	 */
	public boolean timedOutRunning() {
		return this.timedOutRunning;
	}

	public void succeeded(long start, long end, int series, int invalid, @Nullable String firstProblem) {
		ran(start, end, series);
		// written only when they change: a run of a healthy callback writes as little as
		// it can
		if (this.lastError != null) {
			this.lastError = null;
		}
		if (this.up != 1.0) {
			this.up = 1.0;
		}
		if (invalid > 0) {
			invalid(invalid, firstProblem);
		}
	}

	public void failed(Throwable failure, long start, long end) {
		ran(start, end, this.lastSeries);
		this.up = 0.0;
		failedOnce();
		this.lastError = failure.getClass().getName() + ": " + failure.getMessage();
		count(this.exceptions, 1);
		if (this.self != null) {
			this.self.exception();
		}
		failureLog().warn(() -> "The @ObservableMetric " + this.declaration.describe() + " threw " + failure
				+ "; its gauges report NaN and its counters keep their last value until it succeeds", failure);
	}

	/**
	 * @param started whether the run had started
	 * @param start when it started, or when it was requested if it had not
	 * @param now when it timed out
	 */
	public void timedOut(boolean started, long start, long now, TimeoutBound bound) {
		if (started) {
			ran(start, now, this.lastSeries);
			this.timedOutRunning = true;
		}
		this.up = 0.0;
		failedOnce();
		String within = (bound == TimeoutBound.SCRAPE_DEADLINE)
				? "Prometheus' scrape deadline (the X-Prometheus-Scrape-Timeout-Seconds header less"
						+ " observable-metrics.scrape-deadline-margin, " + Duration.ofNanos(now - start).toMillis()
						+ " ms from " + (started ? "its start" : "the scrape's request") + ")"
				: this.timeout.toString();
		this.lastError = (started ? "did not return within " : "could not start within ") + within;
		count(this.timeouts, 1);
		if (this.self != null) {
			this.self.timeout();
		}
		String advice = (bound == TimeoutBound.SCRAPE_DEADLINE)
				? "Make it faster, cache it (observable-metrics.metrics[<name>].cache-for), or raise the"
						+ " scrape_timeout of the Prometheus job (observable-metrics.callback-timeout does not apply"
						+ " here: the scrape's deadline is shorter)"
				: "Make it faster, cache it (observable-metrics.metrics[<name>].cache-for) or raise"
						+ " observable-metrics.callback-timeout (or the metric's own"
						+ " observable-metrics.metrics[<name>].callback-timeout)";
		failureLog().warn(() -> "The @ObservableMetric " + this.declaration.describe() + " "
				+ (started ? "did not return within " + within
						: "could not start within " + within + ": every callback thread was busy")
				+ "; its gauges report NaN and its counters keep their last value. It is not started again"
				+ " while it runs. " + advice, null);
	}

	private void ran(long start, long end, int series) {
		this.timedOutRunning = false;
		this.lastRunNanos = end;
		this.lastDurationNanos = end - start;
		this.lastSeries = series;
		// last: the endpoint reads the run's time once it sees the run counted
		this.invocations++;
		if (this.runs != null) {
			this.runs.record(end - start, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * An observation dropped after the run that made it.
	 */
	public void invalid(String problem) {
		invalid(1, problem);
	}

	private void invalid(int count, @Nullable String problem) {
		count(this.invalid, count);
		if (this.self != null) {
			this.self.invalid(count);
		}
		String more = (count > 1) ? " (and " + (count - 1) + " more observations in the same run)" : "";
		invalidLog().warn(() -> "Dropped an observation: the @ObservableMetric " + this.declaration.describe() + " "
				+ problem + more, null);
	}

	public void beyondLimit(MetricDeclaration metric, int dropped, int folded, int maxSeries) {
		if (this.self != null) {
			this.self.beyondLimit(metric.name(), dropped, folded);
		}
		if (!this.limitWarned) {
			this.limitWarned = true;
			String what = (folded > 0)
					? "the series it already reported keep their place, and the values of the"
							+ " rest are added up in one series tagged otel_metric_overflow=\"true\" and counted in "
							+ SelfMetrics.FOLDED_METRIC
					: "the series it already reported keep their place, and the rest are dropped and counted in "
							+ SelfMetrics.DROPPED_METRIC + " (a gauge's values cannot be added up)";
			logger.warn("The @ObservableMetric " + this.declaration.describe() + " observed more than " + maxSeries
					+ " series of the metric '" + metric.name() + "' in one run; " + what
					+ ". Reduce the tag values it reports, or raise observable-metrics.max-series-per-metric");
		}
	}

	private ThrottledLog failureLog() {
		return logs().failures;
	}

	private ThrottledLog invalidLog() {
		return logs().invalid;
	}

	private Logs logs() {
		Logs logs = this.logs;
		if (logs == null) {
			synchronized (this) {
				logs = this.logs;
				if (logs == null) {
					logs = new Logs();
					this.logs = logs;
				}
			}
		}
		return logs;
	}

	private static void count(@Nullable Counter counter, int count) {
		if (counter != null) {
			counter.increment(count);
		}
	}

	/**
	 * What the callback did last.
	 * @param running whether a thread is inside the method, or its future is awaited
	 * @param enteredAt when the thread inside the method entered it
	 * ({@link System#nanoTime()}), or {@link Long#MIN_VALUE}
	 * @param timedOut whether the run in flight timed out, and still holds its thread
	 * @param disabledBy what disables every metric of the callback, or {@code null}
	 */
	public CallbackState state(boolean running, long enteredAt, boolean timedOut, @Nullable String disabledBy) {
		long nowNanos = System.nanoTime();
		long nowMillis = System.currentTimeMillis();
		long invocations = this.invocations;
		Instant lastRun = (invocations != 0)
				? Instant.ofEpochMilli(nowMillis - (nowNanos - this.lastRunNanos) / 1_000_000) : null;
		boolean inside = enteredAt != Long.MIN_VALUE;
		Instant runningSince = inside ? Instant.ofEpochMilli(nowMillis - (nowNanos - enteredAt) / 1_000_000) : null;
		Duration heldFor = (inside && timedOut) ? Duration.ofNanos(nowNanos - enteredAt) : null;
		double up = this.up;
		return new CallbackState(this.declaration, invocations, lastRun,
				(lastRun != null) ? Duration.ofNanos(this.lastDurationNanos) : null, this.lastSeries, this.lastError,
				running, Double.isNaN(up) ? null : up == 1.0, runningSince, heldFor, disabledBy);
	}

	public void remove() {
		Meter[] meters;
		synchronized (this) {
			this.removed = true;
			meters = this.meters;
		}
		if (meters != null) {
			for (Meter meter : meters) {
				this.registry.remove(meter);
			}
		}
		if (this.self != null) {
			this.declaration.metrics().forEach((metric) -> this.self.forget(metric.name()));
		}
	}

	/**
	 * The WARN logs of one callback, each at most once a minute.
	 */
	private static final class Logs {

		final ThrottledLog failures = new ThrottledLog(logger);

		final ThrottledLog invalid = new ThrottledLog(logger);

	}

}
