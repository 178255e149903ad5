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

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.github.observablemetrics.internal.CallbackDeclaration.Shape;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One registered callback at run time: the only code that calls a user method. It runs
 * the method, feeds its observations to the {@link MetricTable tables} of its metrics,
 * and keeps the state that makes a callback run at most once at a time: a claim taken
 * before a run and released after it.
 */
public final class ObservedCallback {

	private static final Log logger = LogFactory.getLog(ObservedCallback.class);

	static final String DURATION_METRIC = "observable.metrics.callback.duration";

	static final String ERRORS_METRIC = "observable.metrics.callback.errors";

	static final String UP_METRIC = "observable.metrics.callback.up";

	static final String DROPPED_METRIC = "observable.metrics.series.dropped";

	private static final long NEVER = Long.MIN_VALUE;

	private static final VarHandle CLAIM;

	static {
		try {
			CLAIM = MethodHandles.lookup().findVarHandle(ObservedCallback.class, "claim", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final CallbackDeclaration declaration;

	final ObservableMetricsRegistrar registrar;

	private final Object bean;

	private final Shape shape;

	private final CallbackInvoker invoker;

	private final MetricTable[] tables;

	private final CallbackObserver observer;

	final long timeoutNanos;

	private final long cacheForNanos;

	/**
	 * When the current run was claimed ({@link System#nanoTime()}), or 0 when the
	 * callback is idle.
	 */
	private volatile long claim;

	/**
	 * When the last completed run was claimed.
	 */
	private volatile long completedClaim = NEVER;

	private volatile long lastSuccessEnd = NEVER;

	private volatile boolean closed;

	private long run;

	private final @Nullable SelfMeters self;

	private final ThrottledLog failureLog = new ThrottledLog(logger);

	private final ThrottledLog invalidLog = new ThrottledLog(logger);

	// What the actuator endpoint shows

	private volatile double up = Double.NaN;

	private volatile long invocations;

	/**
	 * When the last run returned, in epoch milliseconds, or 0 if it never ran.
	 */
	private volatile long lastRunMillis;

	private volatile long lastDurationNanos;

	private volatile int lastSeries;

	private volatile @Nullable String lastError;

	ObservedCallback(CallbackDeclaration declaration, ObservableMetricsRegistrar registrar, MeterRegistry registry,
			Duration timeout, Duration cacheFor, int maxSeries, boolean selfMetrics,
			Predicate<MetricDeclaration> disabled) {
		this.declaration = declaration;
		this.registrar = registrar;
		this.bean = declaration.bean();
		this.shape = declaration.shape();
		this.invoker = CallbackInvoker.create(declaration.invocableMethod(), declaration.shape());
		this.timeoutNanos = timeout.toNanos();
		this.cacheForNanos = cacheFor.toNanos();
		List<MetricDeclaration> metrics = declaration.metrics();
		this.tables = new MetricTable[metrics.size()];
		for (int i = 0; i < this.tables.length; i++) {
			MetricDeclaration metric = metrics.get(i);
			boolean off = disabled.test(metric);
			Counter dropped = (selfMetrics && !off) ? Counter.builder(DROPPED_METRIC)
				.description("Series that callbacks observed beyond the cardinality limit and that were dropped")
				.tag("metric", metric.name())
				.register(registry) : null;
			this.tables[i] = new MetricTable(this, metric, registry, maxSeries, dropped, off);
		}
		this.self = (selfMetrics && isEnabled()) ? new SelfMeters(this, registry) : null;
		this.observer = new CallbackObserver(this, this.tables);
	}

	/**
	 * Registers the meter of a single-series callback, so that reading it runs the
	 * callback; an observer's series appear as it observes them.
	 */
	void registerMeters() {
		if (this.declaration.shape() != Shape.OBSERVER) {
			this.tables[0].registerPlaceholder();
		}
	}

	/**
	 * Whether a read that started at {@code readStart} can use the last result: a run
	 * claimed after the read started has completed, or the result is within the cache
	 * window.
	 */
	boolean isFresh(long readStart, long now) {
		long completed = this.completedClaim;
		if (completed != NEVER && completed - readStart >= 0) {
			return true;
		}
		long success = this.lastSuccessEnd;
		return this.cacheForNanos > 0 && success != NEVER && now - success < this.cacheForNanos;
	}

	boolean isStale(long now, long window) {
		long completed = this.completedClaim;
		return completed == NEVER || now - completed >= Math.max(window, this.cacheForNanos);
	}

	/**
	 * Claims the next run.
	 * @param now the claim time
	 * @return whether the claim succeeded; {@code false} when a run is under way
	 */
	boolean tryClaim(long now) {
		return !this.closed && CLAIM.compareAndSet(this, 0L, (now != 0) ? now : 1L);
	}

	/**
	 * When the run under way was claimed.
	 * @return the claim time, or 0 when idle
	 */
	long currentClaim() {
		return this.claim;
	}

	/**
	 * Releases a claim whose run never started.
	 */
	void release(long claimed) {
		CLAIM.compareAndSet(this, claimed, 0L);
	}

	boolean isClosed() {
		return this.closed;
	}

	/**
	 * Whether any metric of the callback is enabled; the application's meter filters may
	 * disable them all, and then the callback never runs.
	 */
	boolean isEnabled() {
		for (MetricTable table : this.tables) {
			if (!table.disabled) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Runs the callback once, under a claim taken by {@link #tryClaim}.
	 */
	void run() {
		long claimed = this.claim;
		try {
			if (!this.closed) {
				invoke();
			}
		}
		finally {
			if (this.closed) {
				// closed while it ran: remove what the run may have added
				removeMeters();
			}
			this.completedClaim = claimed;
			this.claim = 0;
		}
	}

	private void invoke() {
		long start = System.nanoTime();
		long run = ++this.run;
		for (MetricTable table : this.tables) {
			table.beginRun();
		}
		Throwable failure = null;
		try {
			Object bean = this.bean;
			Shape shape = this.shape;
			if (shape == Shape.PRIMITIVE_VALUE) {
				take(this.invoker.primitive(bean), run);
			}
			else if (shape == Shape.OBJECT_VALUE) {
				Object value = this.invoker.object(bean);
				if (value != null) {
					take(toDouble(value), run);
				}
			}
			else {
				observe(bean, run);
			}
		}
		catch (Throwable ex) {
			failure = ex;
		}
		long end = System.nanoTime();
		int series = 0;
		if (failure == null) {
			for (MetricTable table : this.tables) {
				table.endRun(run);
				series += table.size();
			}
			this.lastSuccessEnd = end;
			this.lastError = null;
			this.up = 1.0;
		}
		else {
			failed(failure);
		}
		this.invocations++;
		this.lastRunMillis = System.currentTimeMillis();
		this.lastDurationNanos = end - start;
		this.lastSeries = series;
		if (this.self != null) {
			this.self.duration.record(end - start, TimeUnit.NANOSECONDS);
		}
		if (failure instanceof VirtualMachineError error) {
			throw error;
		}
	}

	private void observe(Object bean, long run) throws Throwable {
		this.observer.open(run);
		try {
			this.invoker.observe(bean, this.observer);
		}
		finally {
			this.observer.close();
		}
	}

	private void take(double value, long run) {
		String problem = this.tables[0].observe(value, MetricTable.NO_TAGS, run);
		if (problem != null) {
			invalid("returned a value that was dropped: " + problem);
		}
	}

	private static double toDouble(Object value) {
		if (value instanceof Number number) {
			return number.doubleValue();
		}
		if (value instanceof Boolean flag) {
			return flag ? 1.0 : 0.0;
		}
		Duration duration = (Duration) value;
		return duration.getSeconds() + duration.getNano() / 1e9;
	}

	private void failed(Throwable failure) {
		for (MetricTable table : this.tables) {
			table.markFailed();
		}
		this.up = 0.0;
		this.lastError = failure.getClass().getName() + ": " + failure.getMessage();
		if (this.self != null) {
			this.self.exceptions.increment();
		}
		this.failureLog.warn(() -> "The @ObservableMetric " + this.declaration.describe() + " threw " + failure
				+ "; its gauges report NaN and its counters keep their last value until it succeeds", failure);
	}

	/**
	 * Reports that the run claimed at {@code claimed} did not finish within the timeout
	 * of a read that waited for it.
	 */
	void timedOut(long claimed, boolean started) {
		if (this.completedClaim == claimed) {
			return;
		}
		for (MetricTable table : this.tables) {
			table.markFailed();
		}
		this.up = 0.0;
		Duration timeout = Duration.ofNanos(this.timeoutNanos);
		this.lastError = (started ? "did not return within " : "could not start within ") + timeout;
		if (this.self != null) {
			this.self.timeouts.increment();
		}
		this.failureLog.warn(() -> "The @ObservableMetric " + this.declaration.describe() + " "
				+ (started ? "did not return within " + timeout
						: "could not start within " + timeout + ": every callback thread is busy")
				+ "; its gauges report NaN and its counters keep their last value. It is not started again"
				+ " while it runs. Make it faster, cache it (observable-metrics.metrics[<name>].cache-for) or raise"
				+ " observable-metrics.callback-timeout", null);
	}

	void invalid(String problem) {
		if (this.self != null) {
			this.self.invalid.increment();
		}
		this.invalidLog.warn(
				() -> "Dropped an observation: the @ObservableMetric " + this.declaration.describe() + " " + problem,
				null);
	}

	void logCardinality(MetricDeclaration metric, int maxSeries) {
		logger.warn("The @ObservableMetric " + this.declaration.describe() + " observed more than " + maxSeries
				+ " series of the metric '" + metric.name() + "' in one run; the rest are dropped and counted in "
				+ DROPPED_METRIC
				+ ". Reduce the tag values it reports, or raise observable-metrics.max-series-per-metric");
	}

	/**
	 * Called by the meters' functions: outside a Prometheus scrape, runs the callback
	 * when its last result is stale.
	 */
	void refreshIfStale() {
		this.registrar.refreshIfStale(this);
	}

	double up() {
		refreshIfStale();
		return this.up;
	}

	/**
	 * Stops the callback from ever running again and removes its meters.
	 */
	void close() {
		this.closed = true;
		removeMeters();
	}

	private void removeMeters() {
		for (MetricTable table : this.tables) {
			table.removeAll();
		}
		if (this.self != null) {
			this.self.remove();
		}
	}

	/**
	 * The tables of the callback's metrics, in declaration order.
	 */
	MetricTable[] tables() {
		return this.tables;
	}

	/**
	 * A snapshot of what the callback did last, for the actuator endpoint.
	 * @return the snapshot
	 */
	public CallbackState state() {
		long lastRunMillis = this.lastRunMillis;
		Instant lastRun = (lastRunMillis != 0) ? Instant.ofEpochMilli(lastRunMillis) : null;
		return new CallbackState(this.declaration, this.invocations, lastRun,
				(lastRun != null) ? Duration.ofNanos(this.lastDurationNanos) : null, this.lastSeries, this.lastError,
				this.claim != 0, Double.isNaN(this.up) ? null : this.up == 1.0);
	}

	/**
	 * What one callback did last.
	 *
	 * @param declaration the declaration
	 * @param invocations how many times it ran
	 * @param lastRun when it last returned, or {@code null} if it never ran
	 * @param lastDuration how long its last run took
	 * @param lastSeries how many series its last successful run reported
	 * @param lastError why its last run failed, or {@code null} if it succeeded
	 * @param running whether a run is under way
	 * @param up whether its last run succeeded, or {@code null} if it has neither
	 * completed a run nor timed out yet
	 */
	public record CallbackState(CallbackDeclaration declaration, long invocations, @Nullable Instant lastRun,
			@Nullable Duration lastDuration, int lastSeries, @Nullable String lastError, boolean running,
			@Nullable Boolean up) {

	}

	/**
	 * The self-metrics of one callback.
	 */
	private static final class SelfMeters {

		private final MeterRegistry registry;

		final Timer duration;

		final Counter exceptions;

		final Counter timeouts;

		final Counter invalid;

		private final Gauge up;

		SelfMeters(ObservedCallback callback, MeterRegistry registry) {
			this.registry = registry;
			String id = callback.declaration.id();
			this.duration = Timer.builder(DURATION_METRIC)
				.description("Time @ObservableMetric callbacks take to run")
				.tag("callback", id)
				.register(registry);
			this.exceptions = errors(id, "exception");
			this.timeouts = errors(id, "timeout");
			this.invalid = errors(id, "invalid");
			this.up = Gauge.builder(UP_METRIC, callback, ObservedCallback::up)
				.description("Whether the last run of the @ObservableMetric callback succeeded (1) or not (0)")
				.tag("callback", id)
				.strongReference(true)
				.register(registry);
		}

		private Counter errors(String id, String reason) {
			return Counter.builder(ERRORS_METRIC)
				.description(
						"Runs of @ObservableMetric callbacks that failed, and observations they made that were dropped")
				.tag("callback", id)
				.tag("reason", reason)
				.register(this.registry);
		}

		void remove() {
			for (Meter meter : new Meter[] { this.duration, this.exceptions, this.timeouts, this.invalid, this.up }) {
				this.registry.remove(meter);
			}
		}

	}

}
