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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.observablemetrics.TimerTotals;
import io.github.observablemetrics.internal.CallbackDeclaration.Shape;
import org.jspecify.annotations.Nullable;

/**
 * One run of a callback: the only code that calls a user method. A run ends exactly once,
 * as a success, a failure or a timeout, decided by one compare-and-set between the thread
 * that runs it and the readers that wait for it; only the winner publishes and reports.
 * Readers wait on its future with a deadline; nobody polls.
 */
final class CallbackRun implements Runnable {

	private static final int QUEUED = 0;

	private static final int RUNNING = 1;

	private static final int ENDED = 2;

	private static final int TIMED_OUT = 3;

	/**
	 * A reader's deadline meaning: only the run's own.
	 */
	static final long NO_DEADLINE = Long.MIN_VALUE;

	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(CallbackRun.class, "state", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final ObservedCallback callback;

	private final CallbackExecutor executor;

	/**
	 * When the run was requested ({@link System#nanoTime()}).
	 */
	final long requested;

	/**
	 * When the run times out.
	 */
	final long deadline;

	/**
	 * The batch the run was started in.
	 */
	volatile CallbackExecutor.@Nullable Batch batch;

	private volatile int state = QUEUED;

	private volatile long started;

	private final CompletableFuture<Void> done = new CompletableFuture<>();

	CallbackRun(ObservedCallback callback, CallbackExecutor executor, long requested) {
		this.callback = callback;
		this.executor = executor;
		this.requested = requested;
		this.deadline = requested + callback.timeoutNanos;
	}

	@Override
	public void run() {
		if (!STATE.compareAndSet(this, QUEUED, RUNNING)) {
			return;
		}
		long start = System.nanoTime();
		this.started = start;
		ObservedCallback callback = this.callback;
		long run = callback.nextRun();
		Throwable failure = null;
		double value = Double.NaN;
		double total = 0;
		boolean present = false;
		RunObserver observer = null;
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
			else {
				observer = new RunObserver(callback, run);
				try {
					callback.invoker.observe(bean, observer);
				}
				finally {
					observer.close();
				}
			}
		}
		catch (Throwable ex) {
			failure = ex;
		}
		long end = System.nanoTime();
		boolean ended = STATE.compareAndSet(this, RUNNING, ENDED);
		try {
			if (!ended) {
				// timed out while it ran: its result is discarded, its thread comes back
				this.executor.settle();
			}
			else if (failure != null) {
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
			callback.ended(this);
			this.done.complete(null);
		}
		if (failure instanceof VirtualMachineError error) {
			throw error;
		}
	}

	/**
	 * Waits for the run to end, at most until its deadline or the reader's, whichever
	 * comes first; a run still going then has timed out.
	 * @param readerDeadline the reader's deadline ({@link System#nanoTime()})
	 */
	void await(long readerDeadline) {
		long deadline = (readerDeadline != NO_DEADLINE && readerDeadline - this.deadline < 0) ? readerDeadline
				: this.deadline;
		long left = deadline - System.nanoTime();
		try {
			if (left > 0) {
				this.done.get(left, TimeUnit.NANOSECONDS);
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
			this.done.join();
		}
	}

	/**
	 * Ends the run as timed out, unless it ended already.
	 */
	void timeOut() {
		long now = System.nanoTime();
		if (STATE.compareAndSet(this, QUEUED, TIMED_OUT)) {
			this.callback.timedOut(false, this.requested, now);
			this.callback.ended(this);
			this.done.complete(null);
		}
		else if (STATE.compareAndSet(this, RUNNING, TIMED_OUT)) {
			this.executor.writeOff(this.batch);
			this.callback.timedOut(true, this.started, now);
		}
	}

	/**
	 * Ends a run that the executor refused, as one that never started.
	 */
	void abandon() {
		if (STATE.compareAndSet(this, QUEUED, TIMED_OUT)) {
			this.callback.ended(this);
			this.done.complete(null);
		}
	}

	boolean isTimedOut() {
		return this.state == TIMED_OUT;
	}

	boolean isRunning() {
		return this.state == RUNNING;
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
