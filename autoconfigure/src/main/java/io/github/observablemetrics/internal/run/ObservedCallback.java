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

package io.github.observablemetrics.internal.run;

import io.github.observablemetrics.internal.declare.CallbackDeclaration;
import io.github.observablemetrics.internal.report.CallbackReport;
import io.github.observablemetrics.internal.report.CallbackState;
import io.github.observablemetrics.internal.declare.ExportedNames;
import io.github.observablemetrics.internal.result.FoldedMeters;
import io.github.observablemetrics.internal.declare.MetricDeclaration;
import io.github.observablemetrics.internal.result.MetricSeries;
import io.github.observablemetrics.internal.result.PublicationLock;
import io.github.observablemetrics.internal.declare.RowReader;
import io.github.observablemetrics.internal.result.RunObserver;
import io.github.observablemetrics.internal.report.SelfMetrics;
import io.github.observablemetrics.internal.result.Series;
import io.github.observablemetrics.internal.report.TimeoutBound;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.github.observablemetrics.internal.declare.CallbackDeclaration.Shape;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * One registered callback: its declaration, the series of its metrics, its report, and
 * the single flight that runs it at most once at a time. At most one {@link Run} is in
 * flight; a scrape that needs the callback joins it, or starts one when the last result
 * is older than the scrape. A run that timed out while its method still runs stays in
 * flight until the method returns, so that a hung callback is never started again
 * meanwhile.
 */
public final class ObservedCallback implements Series.ReadHook {

	private static final long NEVER = Long.MIN_VALUE;

	/**
	 * How old a result may be before a read outside a Prometheus scrape (a push
	 * registry's publish, {@code /actuator/metrics/{name}}) brings the callbacks up to
	 * date: long enough for one publish, which reads every series in a row, to find them
	 * all from one batch.
	 */
	static final long READ_COALESCING_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final VarHandle IN_FLIGHT;

	static {
		try {
			IN_FLIGHT = MethodHandles.lookup().findVarHandle(ObservedCallback.class, "inFlight", Run.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	public final CallbackDeclaration declaration;

	final Object bean;

	final Shape shape;

	final CallbackInvoker invoker;

	private final @Nullable RowReader rowType;

	final MetricSeries[] metrics;

	final long timeoutNanos;

	private final long cacheForNanos;

	final int maxSeries;

	final CallbackReport report;

	private final PublicationLock lock;

	private final Runnable refreshStale;

	/**
	 * The Prometheus families the enabled metrics are exported as, for a scrape's
	 * {@code includedNames}.
	 */
	private final String[] prometheusFamilies;

	/**
	 * The run in flight, set and cleared by compare-and-set: a field rather than an
	 * {@code AtomicReference}, one object less for each of thousands of callbacks.
	 */
	private volatile @Nullable Run inFlight;

	/**
	 * When the last run that ended was requested.
	 */
	private volatile long lastRequested = NEVER;

	private volatile long lastSuccessEnd = NEVER;

	/**
	 * When the method was entered ({@link System#nanoTime()}), while a thread is inside
	 * it; {@link #NEVER} otherwise.
	 */
	private volatile long enteredAt = NEVER;

	private volatile boolean closed;

	/**
	 * What disables every metric of the callback, for the endpoint, or {@code null}.
	 */
	private volatile @Nullable String disabledBy;

	private long runs;

	public ObservedCallback(CallbackDeclaration declaration, MeterRegistry registry, FoldedMeters folds,
			PublicationLock lock, Runnable refreshStale, Duration timeout, Duration cacheFor, int maxSeries,
			boolean uniformTagKeys, Predicate<MetricDeclaration> disabled, @Nullable SelfMetrics selfMetrics) {
		this.declaration = declaration.registered();
		this.bean = declaration.bean();
		this.shape = declaration.shape();
		this.invoker = CallbackInvoker.create(
				Objects.requireNonNull(declaration.invocableMethod(), "a declaration to register has its method"),
				declaration.shape());
		this.rowType = declaration.rowType();
		this.timeoutNanos = timeout.toNanos();
		this.cacheForNanos = cacheFor.toNanos();
		this.maxSeries = maxSeries;
		this.lock = lock;
		this.refreshStale = refreshStale;
		List<MetricDeclaration> declared = declaration.metrics();
		this.metrics = new MetricSeries[declared.size()];
		boolean enabled = false;
		for (int i = 0; i < this.metrics.length; i++) {
			MetricDeclaration metric = declared.get(i);
			boolean off = disabled.test(metric);
			enabled |= !off;
			this.metrics[i] = new MetricSeries(metric, off, this.shape.observes(), uniformTagKeys, registry, folds,
					this);
		}
		this.report = new CallbackReport(this.declaration, registry, enabled ? selfMetrics : null, timeout);
		ExportedNames names = ExportedNames.of(registry);
		this.prometheusFamilies = Arrays.stream(this.metrics)
			.filter((metric) -> !metric.disabled)
			.flatMap((metric) -> names.prometheusFamilies(metric.metric).stream())
			.toArray(String[]::new);
	}

	/**
	 * Whether a scrape filtered by {@code includedNames} needs the callback.
	 */
	public boolean isIncludedBy(Predicate<String> includedNames) {
		for (String family : this.prometheusFamilies) {
			if (includedNames.test(family)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Registers the meter of a single-value callback before it first runs, so that any
	 * reader finds it and reading it runs the callback; an observer's series appear as it
	 * observes them.
	 */
	public void registerMeters() {
		if (!this.shape.observes()) {
			this.lock.publish(this.metrics[0]::registerPlaceholder);
		}
	}

	/**
	 * Whether any metric of the callback is enabled; the application's meter filters may
	 * disable them all, and then the callback never runs.
	 */
	public boolean isEnabled() {
		for (MetricSeries metric : this.metrics) {
			if (!metric.disabled) {
				return true;
			}
		}
		return false;
	}

	public void disabledBy(String disabledBy) {
		this.disabledBy = disabledBy;
	}

	boolean isClosed() {
		return this.closed;
	}

	// The single flight

	/**
	 * The run a read that started at {@code readStart} must wait for: a new one, added to
	 * the read's {@code batch}, or the one in flight when the read joins runs in flight;
	 * {@code null} when the last result serves the read, or when the run in flight has
	 * timed out (a hung callback is never started again while it runs).
	 */
	@Nullable Run runFor(long readStart, long now, Batch batch, boolean joinInFlight) {
		while (true) {
			Run running = this.inFlight;
			if (running != null) {
				return (joinInFlight && !running.isTimedOut()) ? running : null;
			}
			if (this.closed || isFresh(readStart, now)) {
				return null;
			}
			Run run = new Run(this, batch, now);
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

	/**
	 * Whether a read outside a Prometheus scrape should bring the callback up to date.
	 */
	public boolean isStale(long now) {
		long requested = this.lastRequested;
		return requested == NEVER || now - requested >= Math.max(READ_COALESCING_NANOS, this.cacheForNanos);
	}

	/**
	 * The run no longer holds the callback: it ended, and no thread is inside the method
	 * for it any more. The callback may run again.
	 */
	void released(Run run) {
		this.lastRequested = run.requested;
		IN_FLIGHT.compareAndSet(this, run, null);
	}

	/**
	 * The row type of a method that returns its rows.
	 */
	RowReader rows() {
		return Objects.requireNonNull(this.rowType, "a method returning rows has its row type");
	}

	/**
	 * The observer of a new run of an observer method.
	 */
	RunObserver observer() {
		return new RunObserver(this.metrics, this.report, this.maxSeries, ++this.runs);
	}

	void entered(long now) {
		this.enteredAt = now;
	}

	void left() {
		this.enteredAt = NEVER;
	}

	// What a run that ended publishes, each in one step

	void returned(double value, double total, boolean present, long start, long end) {
		MetricSeries metric = this.metrics[0];
		String[] problem = new String[1];
		if (!present || metric.checkValue(value, total) != null || !metric.updateInPlace(value)) {
			// the meter comes or goes, or the value is dropped: under the lock
			this.lock.publish(() -> {
				if (this.closed) {
					return;
				}
				if (present) {
					problem[0] = metric.publishValue(value, total);
				}
				else {
					metric.publishAbsent();
				}
			});
		}
		this.lastSuccessEnd = end;
		this.report.succeeded(start, end, metric.size(), (problem[0] != null) ? 1 : 0,
				(problem[0] != null) ? "returned a value that was dropped: " + problem[0] : null);
	}

	void observed(RunObserver observer, long start, long end) {
		this.lock.publish(() -> {
			if (!this.closed) {
				observer.publish();
			}
		});
		this.lastSuccessEnd = end;
		observer.reportDrops();
		this.report.succeeded(start, end, observer.series(), observer.invalid(), observer.firstProblem());
	}

	void failed(Throwable failure, long start, long end) {
		markFailed();
		this.report.failed(failure, start, end);
	}

	void timedOut(boolean started, long start, long now, TimeoutBound bound) {
		markFailed();
		this.report.timedOut(started, start, now, bound);
	}

	private void markFailed() {
		this.lock.publish(() -> {
			if (!this.closed) {
				for (MetricSeries metric : this.metrics) {
					metric.markFailed();
				}
			}
		});
	}

	// Reads

	/**
	 * Before a registry reads one of the callback's meters: outside a Prometheus scrape,
	 * which ran the callbacks it needs before it read, a stale result brings every stale
	 * callback of the context up to date, side by side. A read made from a callback waits
	 * for none.
	 */
	@Override
	public void beforeRead() {
		// the registrar decides whether this thread may wait for callbacks
		if (!this.closed && isStale(System.nanoTime())) {
			this.refreshStale.run();
		}
	}

	/**
	 * Stops the callback from ever starting a run again: a run already queued is
	 * cancelled when a worker takes it. Stopping every callback of a context before
	 * cancelling any run keeps the permit a cancelled run gives back from starting one of
	 * the others.
	 */
	public void stop() {
		this.closed = true;
	}

	/**
	 * Stops the callback from ever running again, releases the readers of its run in
	 * flight, and removes its meters.
	 */
	public void close() {
		stop();
		Run running = this.inFlight;
		if (running != null) {
			running.cancel();
		}
		this.lock.publish(() -> {
			for (MetricSeries metric : this.metrics) {
				metric.removeAll();
			}
		});
		this.report.remove();
	}

	/**
	 * A snapshot of what the callback did last, for the actuator endpoint.
	 * @return the snapshot
	 */
	public CallbackState state() {
		Run running = this.inFlight;
		long entered = this.enteredAt;
		return this.report.state(entered != NEVER || (running != null && running.isAwaiting()), entered,
				running != null && running.isTimedOut(), this.disabledBy);
	}

}
