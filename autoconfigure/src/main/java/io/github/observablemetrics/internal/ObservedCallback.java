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
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import io.github.observablemetrics.internal.CallbackDeclaration.Shape;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * One registered callback: its declaration, the series of its metrics, its report, and
 * the single flight that makes it run at most once at a time. At most one
 * {@link CallbackRun} is in flight; a read that needs the callback joins it, or starts
 * one when the last result is older than the read. Only a run that ends as a success
 * publishes what it observed, in one step under this callback's lock.
 */
final class ObservedCallback implements ResultSource {

	private static final long NEVER = Long.MIN_VALUE;

	final CallbackDeclaration declaration;

	final Object bean;

	final Shape shape;

	final CallbackInvoker invoker;

	final MetricSeries[] metrics;

	final long timeoutNanos;

	private final long cacheForNanos;

	final int maxSeries;

	final CallbackReport report;

	private final CallbackRunner runner;

	private static final VarHandle IN_FLIGHT;

	static {
		try {
			IN_FLIGHT = MethodHandles.lookup().findVarHandle(ObservedCallback.class, "inFlight", CallbackRun.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/**
	 * The run in flight, set and cleared by compare-and-set: a field rather than an
	 * {@code AtomicReference}, one object less for each of thousands of callbacks.
	 */
	private volatile @Nullable CallbackRun inFlight;

	/**
	 * When the last run that ended was requested.
	 */
	private volatile long lastRequested = NEVER;

	private volatile long lastSuccessEnd = NEVER;

	/**
	 * What the last successful run of an observer method observed, marked failed after a
	 * failed run.
	 */
	private volatile RunResult result = RunResult.NONE;

	private volatile boolean closed;

	private long runs;

	ObservedCallback(CallbackDeclaration declaration, MeterRegistry registry, FoldedMeters folds, CallbackRunner runner,
			Duration timeout, Duration cacheFor, int maxSeries, boolean uniformTagKeys,
			Predicate<MetricDeclaration> disabled, @Nullable SelfMetrics selfMetrics) {
		this.declaration = declaration.registered();
		this.bean = declaration.bean();
		this.shape = declaration.shape();
		this.invoker = CallbackInvoker.create(
				Objects.requireNonNull(declaration.invocableMethod(), "a declaration to register has its method"),
				declaration.shape());
		this.timeoutNanos = timeout.toNanos();
		this.cacheForNanos = cacheFor.toNanos();
		this.maxSeries = maxSeries;
		this.runner = runner;
		List<MetricDeclaration> declared = declaration.metrics();
		this.metrics = new MetricSeries[declared.size()];
		boolean enabled = false;
		for (int i = 0; i < this.metrics.length; i++) {
			MetricDeclaration metric = declared.get(i);
			boolean off = disabled.test(metric);
			enabled |= !off;
			this.metrics[i] = new MetricSeries(metric, i, off, this.shape == Shape.OBSERVER, uniformTagKeys, registry,
					folds, this);
		}
		this.report = new CallbackReport(this.declaration, registry, enabled ? selfMetrics : null, timeout);
	}

	/**
	 * Registers the meter of a single-value callback before it first runs, so that any
	 * reader finds it and reading it runs the callback; an observer's series appear as it
	 * observes them.
	 */
	void registerMeters() {
		if (!this.shape.observes()) {
			this.metrics[0].registerPlaceholder();
		}
	}

	/**
	 * Whether any metric of the callback is enabled; the application's meter filters may
	 * disable them all, and then the callback never runs.
	 */
	boolean isEnabled() {
		for (MetricSeries metric : this.metrics) {
			if (!metric.disabled) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The run a read that started at {@code readStart} must wait for: the one in flight,
	 * or a new one, which joins the read's {@code batch}; {@code null} when the last
	 * result serves the read, or when the run in flight has already timed out (a hung
	 * callback is never started again while it runs).
	 */
	@Nullable CallbackRun runFor(long readStart, long now, CallbackExecutor.Batch batch) {
		while (true) {
			CallbackRun running = this.inFlight;
			if (running != null) {
				return running.isTimedOut() ? null : running;
			}
			if (this.closed || isFresh(readStart, now)) {
				return null;
			}
			CallbackRun run = new CallbackRun(this, batch, now);
			if (IN_FLIGHT.compareAndSet(this, null, run)) {
				batch.add(run);
				return run;
			}
		}
	}

	/**
	 * Whether a read that started at {@code readStart} can use the last result: a run
	 * requested since the read started has ended, or the result is within the cache
	 * window.
	 */
	private boolean isFresh(long readStart, long now) {
		long requested = this.lastRequested;
		if (requested != NEVER && requested - readStart >= 0) {
			return true;
		}
		long success = this.lastSuccessEnd;
		return this.cacheForNanos > 0 && success != NEVER && now - success < this.cacheForNanos;
	}

	boolean isStale(long now, long window) {
		long requested = this.lastRequested;
		return requested == NEVER || now - requested >= Math.max(window, this.cacheForNanos);
	}

	long nextRun() {
		return ++this.runs;
	}

	void ended(CallbackRun run) {
		this.lastRequested = run.requested;
		IN_FLIGHT.compareAndSet(this, run, null);
	}

	// What a run that ended publishes, each in one step under this callback's lock

	void returned(double value, double total, boolean present, long start, long end) {
		String problem = null;
		int series;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			MetricSeries metric = this.metrics[0];
			if (present) {
				problem = metric.publishValue(value, total);
			}
			else {
				metric.publishAbsent();
			}
			series = metric.size();
			this.lastSuccessEnd = end;
		}
		this.report.succeeded(start, end, series, (problem != null) ? 1 : 0,
				(problem != null) ? "returned a value that was dropped: " + problem : null);
	}

	void observed(RunObserver observer, long start, long end) {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.result = observer.publish();
			this.lastSuccessEnd = end;
		}
		observer.reportDrops();
		this.report.succeeded(start, end, observer.series(), observer.invalid(), observer.firstProblem());
	}

	void failed(Throwable failure, long start, long end) {
		markFailed();
		this.report.failed(failure, start, end);
	}

	void timedOut(boolean started, long start, long now) {
		markFailed();
		this.report.timedOut(started, start, now);
	}

	private synchronized void markFailed() {
		if (this.closed) {
			return;
		}
		if (this.shape.observes()) {
			this.result = this.result.failed();
			for (MetricSeries metric : this.metrics) {
				metric.markFailed();
			}
		}
		else {
			this.metrics[0].markFailed();
		}
	}

	// Reads

	@Override
	public @Nullable RunResult resultForRead() {
		ScrapeView view = ScrapeView.current();
		if (view == null) {
			refreshIfStale();
			return this.shape.observes() ? this.result : null;
		}
		return this.shape.observes() ? view.pin(this, this.result) : null;
	}

	/**
	 * Outside a Prometheus scrape, which runs the callbacks it needs before it reads,
	 * runs the callback when its last result is stale.
	 */
	void refreshIfStale() {
		if (!this.closed && ScrapeView.current() == null) {
			this.runner.refreshIfStale(this);
		}
	}

	/**
	 * Whether no meter of the callback exists yet, so that no read of one can run it: an
	 * observer method before it first observes.
	 */
	boolean hasNoSeries() {
		for (MetricSeries metric : this.metrics) {
			if (metric.size() > 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Stops the callback from ever running again and removes its meters.
	 */
	synchronized void close() {
		this.closed = true;
		for (MetricSeries metric : this.metrics) {
			metric.removeAll();
		}
		this.report.remove();
	}

	/**
	 * A snapshot of what the callback did last, for the actuator endpoint.
	 * @return the snapshot
	 */
	public CallbackState state() {
		CallbackRun running = this.inFlight;
		return this.report.state(running != null && running.isRunning());
	}

}
