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
import io.github.observablemetrics.internal.result.MetricSeries;
import io.github.observablemetrics.internal.result.RunObserver;
import io.github.observablemetrics.internal.report.TimeoutBound;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.observablemetrics.TimerTotals;
import io.github.observablemetrics.internal.declare.CallbackDeclaration.Shape;
import org.jspecify.annotations.Nullable;

/**
 * One run of a callback, and the only code that calls a user method.
 * <p>
 * A run ends exactly once, decided by one compare-and-set on its state between the worker
 * that runs it, the readers that wait for it and the close of its context: <pre>
 * QUEUED ──▶ RUNNING ──▶ ENDED              (the worker: the method returned or threw)
 *   │          │   └───▶ AWAITING ──▶ ENDED (an asynchronous method: what it returned completed)
 *   │          │            │
 *   └──────────┴────────────┴──▶ TIMED_OUT (a reader's deadline passed)
 *                               CANCELLED  (the context closed)
 * </pre> Only the winner publishes and reports, then completes {@link #done}, which
 * readers wait on with their deadline. A run that times out or is cancelled while its
 * worker is inside the method gives the worker's permit back at once
 * ({@link RunExecutor#permitReturned()}); the worker leaves when the method returns.
 */
public final class Run {

	static final int QUEUED = 0;

	static final int RUNNING = 1;

	static final int AWAITING = 2;

	static final int ENDED = 3;

	static final int TIMED_OUT = 4;

	static final int CANCELLED = 5;

	/**
	 * A reader's deadline meaning: only the run's own.
	 */
	public static final long NO_DEADLINE = Long.MIN_VALUE;

	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(Run.class, "state", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final ObservedCallback callback;

	/**
	 * The batch the run was started in, told when the run ends.
	 */
	final Batch batch;

	/**
	 * When the run was requested ({@link System#nanoTime()}).
	 */
	final long requested;

	/**
	 * When the run times out by its callback's own timeout.
	 */
	final long deadline;

	/**
	 * Completed once the run's outcome is published and reported.
	 */
	final CompletableFuture<Void> done = new CompletableFuture<>();

	private volatile int state = QUEUED;

	private volatile long started;

	/**
	 * The observer of an asynchronous observer method, open until what it returned
	 * completes.
	 */
	private volatile @Nullable RunObserver observer;

	/**
	 * What an asynchronous method returned, or the subscription to it: what a timeout or
	 * the close of the context cancels.
	 */
	private volatile @Nullable Object pending;

	Run(ObservedCallback callback, Batch batch, long requested) {
		this.callback = callback;
		this.batch = batch;
		this.requested = requested;
		this.deadline = requested + callback.timeoutNanos;
	}

	/**
	 * Runs the callback on the calling worker, which holds a permit.
	 * @return whether the worker still holds its permit: {@code false} when the run timed
	 * out or was cancelled while the method ran, which gave the permit back
	 */
	boolean run() {
		ObservedCallback callback = this.callback;
		if (callback.isClosed()) {
			// its context started to close after the run was queued: never call the bean
			cancel();
			return true;
		}
		if (!STATE.compareAndSet(this, QUEUED, RUNNING)) {
			// timed out or cancelled while queued
			return true;
		}
		long start = System.nanoTime();
		this.started = start;
		Object bean = callback.bean;
		RunObserver observer = callback.shape.observes() ? callback.observer() : null;
		double value = Double.NaN;
		double total = 0;
		boolean present = false;
		Object later = null;
		Throwable failure = null;
		callback.entered(start);
		try {
			switch (callback.shape) {
				case PRIMITIVE_VALUE -> {
					value = callback.invoker.primitive(bean);
					present = true;
				}
				case OBJECT_VALUE -> {
					Object result = callback.invoker.object(bean);
					if (result instanceof TimerTotals totals) {
						value = totals.count();
						total = MetricSeries.seconds(totals.totalTime());
						present = true;
					}
					else if (result != null) {
						value = toDouble(result);
						present = true;
					}
				}
				case OBSERVER -> callback.invoker.observe(bean, observer);
				case ASYNC_VALUE -> later = callback.invoker.object(bean);
				case ASYNC_OBSERVER -> {
					this.observer = observer;
					later = callback.invoker.observeLater(bean, observer);
				}
				case ROWS -> callback.rows().report(callback.invoker.object(bean), observer, observer::invalid);
				case ASYNC_ROWS -> {
					this.observer = observer;
					later = callback.invoker.object(bean);
				}
			}
		}
		catch (Throwable ex) {
			failure = ex;
		}
		finally {
			callback.left();
		}
		if (later != null) {
			return awaitLater(later, observer, start);
		}
		if (observer != null) {
			observer.close();
		}
		boolean ended = succeedOrFail(RUNNING, failure, value, total, present, observer, start);
		if (!ended) {
			// a reader or the close took the run and gave the worker's permit back: the
			// callback may run again now that the method has returned
			callback.released(this);
		}
		if (failure instanceof VirtualMachineError error) {
			throw error;
		}
		return ended;
	}

	/**
	 * Ends the run that was {@code from} as a success or a failure, unless a reader or
	 * the close took it first.
	 * @return whether this call ended it
	 */
	private boolean succeedOrFail(int from, @Nullable Throwable failure, double value, double total, boolean present,
			@Nullable RunObserver observer, long start) {
		long end = System.nanoTime();
		if (!STATE.compareAndSet(this, from, ENDED)) {
			return false;
		}
		try {
			if (failure != null) {
				this.callback.failed(failure, start, end);
			}
			else if (observer != null) {
				this.callback.observed(observer, start, end);
			}
			else {
				this.callback.returned(value, total, present, start, end);
			}
		}
		finally {
			this.callback.released(this);
			finish();
		}
		return true;
	}

	// Asynchronous methods: the run gives its thread back while it waits

	/**
	 * The method returned a future or a publisher: the run gives its worker back and ends
	 * where that completes.
	 * @return whether the worker still holds its permit
	 */
	private boolean awaitLater(Object later, @Nullable RunObserver observer, long start) {
		this.pending = later;
		if (!STATE.compareAndSet(this, RUNNING, AWAITING)) {
			// timed out or cancelled before the method returned: the work is abandoned
			abandonLater();
			this.callback.released(this);
			return false;
		}
		if (later instanceof CompletionStage<?> stage) {
			stage.whenComplete((value, failure) -> completed(value, failure, observer, start));
		}
		else {
			boolean everyElement = this.callback.shape == Shape.ASYNC_ROWS && this.callback.rows().published();
			this.pending = PublisherSubscription.subscribe(later, everyElement,
					(value, failure) -> completed(value, failure, observer, start));
			if (this.state != AWAITING) {
				abandonLater();
			}
		}
		return true;
	}

	private void completed(@Nullable Object result, @Nullable Throwable failure, @Nullable RunObserver observer,
			long start) {
		Throwable error = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (observer != null) {
			if (error == null && this.callback.shape == Shape.ASYNC_ROWS) {
				try {
					this.callback.rows().report(result, observer, observer::invalid);
				}
				catch (RuntimeException ex) {
					error = ex;
				}
			}
			observer.close();
		}
		double value = Double.NaN;
		boolean present = false;
		if (error == null && observer == null && result != null) {
			try {
				value = toDouble(result);
				present = true;
			}
			catch (RuntimeException ex) {
				error = ex;
			}
		}
		succeedOrFail(AWAITING, error, value, 0, present, observer, start);
	}

	/**
	 * Cancels the future, or disposes of the subscription, of a run that timed out or was
	 * cancelled, and closes its observer: what it observes from now on is dropped.
	 */
	private void abandonLater() {
		RunObserver observer = this.observer;
		if (observer != null) {
			observer.close();
		}
		Object later = this.pending;
		if (later instanceof Future<?> future) {
			try {
				future.cancel(true);
			}
			catch (RuntimeException ex) {
				// a stage that cannot be cancelled, such as a minimal CompletionStage
			}
		}
		else if (later instanceof Cancellable subscription) {
			subscription.cancel();
		}
	}

	// Readers

	/**
	 * Waits for the run to end, at most until its own deadline or the reader's, whichever
	 * comes first; a run still going then has timed out. An interrupted reader stops
	 * waiting and leaves the run as it is.
	 * @param readerDeadline the reader's deadline ({@link System#nanoTime()}), or
	 * {@link #NO_DEADLINE}
	 */
	void await(long readerDeadline) {
		if (this.done.isDone()) {
			return;
		}
		boolean readerFirst = readerDeadline != NO_DEADLINE && readerDeadline - this.deadline < 0;
		long left = (readerFirst ? readerDeadline : this.deadline) - System.nanoTime();
		try {
			if (left > 0) {
				this.done.get(left, TimeUnit.NANOSECONDS);
				return;
			}
		}
		catch (TimeoutException ex) {
			// timed out: below
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("A run's future never completes exceptionally", ex);
		}
		timeOut(readerFirst);
		// it may have ended in the meantime: its publication is under way and short
		this.done.join();
	}

	/**
	 * Ends the run as timed out if it is still queued at its deadline or the reader's.
	 * @param readerDeadline the reader's deadline, or {@link #NO_DEADLINE}
	 * @param now the time now ({@link System#nanoTime()})
	 */
	void timeOutIfQueued(long readerDeadline, long now) {
		boolean readerFirst = readerDeadline != NO_DEADLINE && readerDeadline - this.deadline < 0;
		if (this.state == QUEUED && (readerFirst ? readerDeadline : this.deadline) - now <= 0) {
			timeOut(readerFirst);
		}
	}

	/**
	 * Ends the run as timed out, unless it ended already.
	 * @param byReader whether the reader's deadline (Prometheus' scrape timeout less the
	 * margin) cut it, rather than the callback's own timeout
	 */
	void timeOut(boolean byReader) {
		int from = endOpen(TIMED_OUT);
		if (from < 0) {
			return;
		}
		try {
			this.callback.timedOut(from != QUEUED, (from != QUEUED) ? this.started : this.requested, System.nanoTime(),
					byReader ? TimeoutBound.SCRAPE_DEADLINE : TimeoutBound.CALLBACK_TIMEOUT);
		}
		finally {
			finish();
		}
	}

	/**
	 * Ends the run as cancelled, unless it ended already: its context closed. Reports
	 * nothing.
	 */
	void cancel() {
		if (endOpen(CANCELLED) >= 0) {
			finish();
		}
	}

	/**
	 * Takes the run from whichever state it is in to {@code to}, unless it ended.
	 * @return the state it was taken from, or -1 if it had ended
	 */
	private int endOpen(int to) {
		while (true) {
			int from = this.state;
			if (from > AWAITING) {
				return -1;
			}
			if (end(from, to)) {
				return from;
			}
		}
	}

	/**
	 * Takes the run from {@code from} to a state a reader or the close decided: a worker
	 * inside the method loses its permit, a pending future is cancelled.
	 * @return whether this call took it
	 */
	private boolean end(int from, int to) {
		if (!STATE.compareAndSet(this, from, to)) {
			return false;
		}
		if (from == RUNNING) {
			// the worker is still inside the method, or about to leave it: it no longer
			// counts against the permits, and clears the callback's run when it leaves
			this.batch.executor.permitReturned();
		}
		else {
			if (from == AWAITING) {
				abandonLater();
			}
			this.callback.released(this);
		}
		return true;
	}

	private void finish() {
		this.done.complete(null);
		this.batch.finished();
	}

	boolean isTimedOut() {
		return this.state == TIMED_OUT;
	}

	/**
	 * Whether the run waits for what an asynchronous method returned.
	 */
	boolean isAwaiting() {
		return this.state == AWAITING;
	}

	/**
	 * A subscription that a timeout can cancel, without naming the reactive types, which
	 * may not be on the class path.
	 */
	interface Cancellable {

		void cancel();

	}

	/**
	 * Where an asynchronous result arrives.
	 */
	interface Completion {

		void complete(@Nullable Object value, @Nullable Throwable failure);

	}

	static double toDouble(Object value) {
		if (value instanceof Number number) {
			return number.doubleValue();
		}
		if (value instanceof Boolean flag) {
			return flag ? 1.0 : 0.0;
		}
		return MetricSeries.seconds((Duration) value);
	}

}
