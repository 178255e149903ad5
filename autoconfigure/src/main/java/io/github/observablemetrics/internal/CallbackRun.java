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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.observablemetrics.TimerTotals;
import io.github.observablemetrics.internal.CallbackDeclaration.Shape;
import org.jspecify.annotations.Nullable;

/**
 * One run of a callback: the only code that calls a user method. A run ends exactly once,
 * as a success, a failure or a timeout, decided by one compare-and-set between the thread
 * that runs it and the readers that wait for it; only the winner publishes and reports.
 * Readers wait on its future with a deadline; nobody polls. A method that returns a
 * future or a {@code Mono} is called on the run's thread, which the run then gives back:
 * the compare-and-set happens where the future completes or the {@code Mono} signals, and
 * a timeout cancels what the method returned.
 */
final class CallbackRun {

	private static final int QUEUED = 0;

	private static final int RUNNING = 1;

	private static final int ENDED = 2;

	private static final int TIMED_OUT = 3;

	/**
	 * The method returned a future or a publisher, and gave its thread back.
	 */
	private static final int AWAITING = 4;

	/**
	 * Running, on a thread written off early: the run held it for an eighth of its wait
	 * while runs of its batch waited for a thread.
	 */
	private static final int RUNNING_WRITTEN_OFF = 5;

	/**
	 * A reader's deadline meaning: only the run's own.
	 */
	static final long NO_DEADLINE = Long.MIN_VALUE;

	private static final VarHandle STATE;

	private static final VarHandle DONE;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			STATE = lookup.findVarHandle(CallbackRun.class, "state", int.class);
			DONE = lookup.findVarHandle(CallbackRun.class, "done", CompletableFuture.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final ObservedCallback callback;

	/**
	 * The batch the run was started in, which the worker that runs it pulls from.
	 */
	final CallbackExecutor.Batch batch;

	/**
	 * When the run was requested ({@link System#nanoTime()}).
	 */
	final long requested;

	/**
	 * When the run times out.
	 */
	final long deadline;

	private volatile int state = QUEUED;

	private volatile long started;

	/**
	 * Whether the thread that ran the run was written off, early or at the timeout: read
	 * by that thread only, once the run gave it back, to leave the batch.
	 */
	private boolean threadWrittenOff;

	/**
	 * Whether the run ended on the worker that ran it: read by that worker only, once the
	 * run gave its thread back, to count the run, also when it threw.
	 */
	private boolean endedOnWorker;

	/**
	 * Whether the run's outcome is published and its readers may go.
	 */
	private volatile boolean finished;

	/**
	 * What a reader that must wait for the run waits on, created by the first such
	 * reader: a scrape waits for its whole batch at once, so most runs never need one.
	 */
	private volatile @Nullable CompletableFuture<Void> done;

	/**
	 * The observer of an asynchronous observer method, open until what it returned
	 * completes.
	 */
	private volatile @Nullable RunObserver observer;

	/**
	 * What an asynchronous method returned, or the subscription to it: what a timeout
	 * cancels.
	 */
	private volatile @Nullable Object pending;

	CallbackRun(ObservedCallback callback, CallbackExecutor.Batch batch, long requested) {
		this.callback = callback;
		this.batch = batch;
		this.requested = requested;
		this.deadline = requested + callback.timeoutNanos;
	}

	/**
	 * Runs the callback, on a worker of its batch. A run that ends on this thread leaves
	 * telling the batch to the worker ({@link #endedOnWorker()}): a worker counts the
	 * runs it finished and tells the batch once, rather than every run updating a counter
	 * that the batch's workers share.
	 */
	void run() {
		// only the worker that took the run from its batch writes this, before the
		// compare-and-set that lets readers see the run as running
		long start = System.nanoTime();
		this.started = start;
		if (!STATE.compareAndSet(this, QUEUED, RUNNING)) {
			return;
		}
		ObservedCallback callback = this.callback;
		long run = callback.nextRun();
		Throwable failure = null;
		double value = Double.NaN;
		double total = 0;
		boolean present = false;
		RunObserver observer = null;
		Object later = null;
		try {
			Object bean = callback.bean;
			Shape shape = callback.shape;
			if (shape == Shape.PRIMITIVE_VALUE) {
				value = callback.invoker.primitive(bean);
				present = true;
			}
			else if (shape == Shape.OBJECT_VALUE) {
				Object result = callback.invoker.object(bean);
				if (result instanceof TimerTotals totals) {
					value = totals.count();
					total = seconds(totals.totalTime());
					present = true;
				}
				else if (result != null) {
					value = toDouble(result);
					present = true;
				}
			}
			else if (shape == Shape.ASYNC_VALUE) {
				later = callback.invoker.object(bean);
			}
			else {
				observer = new RunObserver(callback, run);
				try {
					if (shape == Shape.ASYNC_OBSERVER) {
						this.observer = observer;
						later = callback.invoker.observeLater(bean, observer);
					}
					else {
						callback.invoker.observe(bean, observer);
					}
				}
				finally {
					if (later == null) {
						observer.close();
					}
				}
			}
		}
		catch (Throwable ex) {
			failure = ex;
		}
		if (later != null) {
			awaitLater(later, start);
			return;
		}
		end(RUNNING, failure, value, total, present, observer, start);
		if (failure instanceof VirtualMachineError error) {
			throw error;
		}
	}

	/**
	 * Ends the run that was {@code from}, unless it timed out: publishes and reports what
	 * it came to, and lets its readers go.
	 */
	private void end(int from, @Nullable Throwable failure, double value, double total, boolean present,
			@Nullable RunObserver observer, long start) {
		long end = System.nanoTime();
		boolean ended = STATE.compareAndSet(this, from, ENDED);
		boolean writtenOff = false;
		if (!ended && from == RUNNING) {
			// its thread was written off, early or at the timeout, and comes back now; a
			// run written off early still ends in time
			writtenOff = true;
			this.threadWrittenOff = true;
			ended = STATE.compareAndSet(this, RUNNING_WRITTEN_OFF, ENDED);
		}
		ObservedCallback callback = this.callback;
		try {
			if (writtenOff) {
				this.batch.executor.settle(ended);
			}
			if (!ended) {
				// timed out while it ran: its result is discarded
				return;
			}
			if (failure != null) {
				callback.failed(failure, start, end);
			}
			else if (observer != null) {
				callback.observed(observer, start, end);
			}
			else {
				callback.returned(value, total, present, start, end);
			}
		}
		finally {
			if (ended || from == RUNNING) {
				callback.ended(this);
				// a run that ends on its worker is counted by the worker
				finish(from != RUNNING);
			}
		}
	}

	// Asynchronous callbacks: the run gives its thread back while it waits

	/**
	 * The method returned a future or a publisher: the run gives its thread back and ends
	 * when that completes, on the thread that completes it. Nothing of the starter waits
	 * for it but the readers, each until its deadline.
	 */
	private void awaitLater(Object later, long start) {
		this.pending = later;
		if (!STATE.compareAndSet(this, RUNNING, AWAITING)) {
			// its thread was written off, early or at the timeout, and comes back now
			this.threadWrittenOff = true;
			boolean early = STATE.compareAndSet(this, RUNNING_WRITTEN_OFF, AWAITING);
			this.batch.executor.settle(early);
			if (!early) {
				// timed out before the method returned: the work is abandoned
				abandonLater();
				this.callback.ended(this);
				finish(false);
				return;
			}
		}
		if (later instanceof CompletionStage<?> stage) {
			stage.whenComplete((value, failure) -> completed(value, failure, start));
		}
		else {
			this.pending = PublisherSubscription.subscribe(later, this, start);
			if (this.state == TIMED_OUT) {
				abandonLater();
			}
		}
		// it ends where what the method returned completes, which tells the batch
	}

	/**
	 * What the method returned completed, with a value (or {@code null} for none, or the
	 * end of an observer method) or a failure.
	 */
	void completed(@Nullable Object result, @Nullable Throwable failure, long start) {
		RunObserver observer = this.observer;
		if (observer != null) {
			observer.close();
		}
		Throwable error = failure;
		if (error instanceof CompletionException && error.getCause() != null) {
			error = error.getCause();
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
		end(AWAITING, error, value, 0, present, observer, start);
	}

	/**
	 * Cancels the future, or disposes of the subscription, of a run that timed out, and
	 * closes its observer: what it observes from now on is dropped and counted as
	 * invalid.
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

	/**
	 * Waits for the run to end, at most until its deadline or the reader's, whichever
	 * comes first; a run still going then has timed out.
	 * @param readerDeadline the reader's deadline ({@link System#nanoTime()})
	 */
	void await(long readerDeadline) {
		if (this.finished) {
			return;
		}
		long deadline = (readerDeadline != NO_DEADLINE && readerDeadline - this.deadline < 0) ? readerDeadline
				: this.deadline;
		long left = deadline - System.nanoTime();
		try {
			if (left > 0) {
				CompletableFuture<Void> done = done();
				if (!this.finished) {
					done.get(left, TimeUnit.NANOSECONDS);
				}
				return;
			}
		}
		catch (TimeoutException ex) {
			// handled below
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("A callback run never completes exceptionally", ex);
		}
		timeOut();
		if (this.state == ENDED) {
			// it ended in the meantime: its publication is under way and short
			CompletableFuture<Void> done = done();
			if (!this.finished) {
				done.join();
			}
		}
	}

	/**
	 * The future a reader waits on, created by the first. A reader checks
	 * {@link #finished} after it has the future, and {@link #finish()} checks for a
	 * future after it sets {@code finished}: one of them sees the other.
	 */
	@SuppressWarnings("unchecked")
	private CompletableFuture<Void> done() {
		CompletableFuture<Void> done = this.done;
		if (done == null) {
			CompletableFuture<Void> created = new CompletableFuture<>();
			done = (CompletableFuture<Void>) DONE.compareAndExchange(this, null, created);
			if (done == null) {
				done = created;
			}
		}
		return done;
	}

	/**
	 * The run's outcome is published: its readers may go. Called once per run.
	 * @param tellBatch whether to tell the batch, or leave that to the worker that ran
	 * the run
	 */
	private void finish(boolean tellBatch) {
		this.finished = true;
		CompletableFuture<Void> done = this.done;
		if (done != null) {
			done.complete(null);
		}
		if (tellBatch) {
			this.batch.finished(1);
		}
		else {
			this.endedOnWorker = true;
		}
	}

	/**
	 * Whether the run ended on the worker that ran it, which then tells the batch: for
	 * that worker only, after {@link #run()} returned or threw.
	 */
	boolean endedOnWorker() {
		return this.endedOnWorker;
	}

	/**
	 * Ends the run as timed out, unless it ended already. A run that still holds its
	 * thread is written off; one that waits for its future or publisher is abandoned, and
	 * its work cancelled.
	 */
	void timeOut() {
		long now = System.nanoTime();
		if (STATE.compareAndSet(this, QUEUED, TIMED_OUT)) {
			this.callback.timedOut(false, this.requested, now);
			this.callback.ended(this);
			finish(true);
		}
		else if (this.state == RUNNING && writeOff(false)) {
			this.callback.timedOut(true, this.started, now);
		}
		else if (STATE.compareAndSet(this, RUNNING_WRITTEN_OFF, TIMED_OUT)) {
			// its thread was written off already
			this.batch.executor.timedOutAfterEarlyWriteOff();
			this.callback.timedOut(true, this.started, now);
		}
		else if (STATE.compareAndSet(this, AWAITING, TIMED_OUT)) {
			abandonLater();
			this.callback.timedOut(true, this.started, now);
			this.callback.ended(this);
			finish(true);
		}
	}

	/**
	 * Writes off the run's thread early, while the run goes on to its deadline, if it has
	 * held it since before {@code startedBefore}: its batch has runs waiting for a
	 * thread, as healthy callbacks queued behind callbacks that hang on a database that
	 * stopped answering. The pool grows by one thread for as long as the run holds its
	 * own, for at most {@code callback-threads} runs at a time.
	 * @param startedBefore when the run must have started by ({@link System#nanoTime()})
	 */
	void writeOffIfStartedBefore(long startedBefore) {
		if (this.state == RUNNING && this.started - startedBefore < 0) {
			writeOff(true);
		}
	}

	/**
	 * Writes off the thread of the running run: the pool counts it before the run's state
	 * changes, and takes it back if the run is no longer running by then.
	 * @param early whether it is written off early, and goes on running, rather than at
	 * its timeout
	 * @return whether the run was running and is written off
	 */
	private boolean writeOff(boolean early) {
		CallbackExecutor executor = this.batch.executor;
		if (early) {
			if (!executor.writeOffEarly()) {
				return false;
			}
		}
		else {
			executor.writeOff();
		}
		if (STATE.compareAndSet(this, RUNNING, early ? RUNNING_WRITTEN_OFF : TIMED_OUT)) {
			executor.replaceWorker(this.batch);
			return true;
		}
		executor.settle(early);
		return false;
	}

	/**
	 * Whether the thread that ran the run was written off, and so leaves the batch: for
	 * that thread only, once {@link #run()} returned.
	 */
	boolean threadWrittenOff() {
		return this.threadWrittenOff;
	}

	/**
	 * Ends a run that the executor refused, as one that never started.
	 */
	void abandon() {
		if (STATE.compareAndSet(this, QUEUED, TIMED_OUT)) {
			this.callback.ended(this);
			finish(true);
		}
	}

	boolean isTimedOut() {
		return this.state == TIMED_OUT;
	}

	boolean isRunning() {
		int state = this.state;
		return state == RUNNING || state == AWAITING || state == RUNNING_WRITTEN_OFF;
	}

	/**
	 * A subscription that a timeout can cancel, without naming the reactive types, which
	 * may not be on the class path.
	 */
	interface Cancellable {

		void cancel();

	}

	static double toDouble(Object value) {
		if (value instanceof Number number) {
			return number.doubleValue();
		}
		if (value instanceof Boolean flag) {
			return flag ? 1.0 : 0.0;
		}
		return seconds((Duration) value);
	}

	static double seconds(Duration duration) {
		return duration.getSeconds() + duration.getNano() / 1e9;
	}

}
