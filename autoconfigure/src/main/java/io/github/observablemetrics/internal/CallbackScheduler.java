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

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * Runs the callbacks a read needs and makes the read wait for them no longer than their
 * timeouts.
 * <p>
 * Callbacks never run on the reading thread, so that one that hangs cannot hang the read:
 * the reader claims the callbacks that need a run, hands them to a worker thread as one
 * batch, and waits. A callback another read is running already is joined, not run again;
 * a callback whose run has outlived its timeout is reported as timed out at once. When
 * the batch makes no progress for a while (a slow callback), another worker helps with
 * the rest. Workers are bounded by {@code maxThreads}; a callback that never returns
 * holds one of them, and is never started again while it runs.
 */
final class CallbackScheduler {

	/**
	 * How long a batch may make no progress before another worker helps with it.
	 */
	static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	/**
	 * How long a read first waits before it looks again at callbacks another read is
	 * running; the wait doubles up to {@link #STALL_NANOS}, so that a read joining many
	 * callbacks looks at them a handful of times, not thousands.
	 */
	static final long FIRST_JOIN_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

	private static final AtomicInteger schedulers = new AtomicInteger();

	private final ThreadPoolExecutor executor;

	private final int maxThreads;

	CallbackScheduler(int maxThreads) {
		this.maxThreads = maxThreads;
		String prefix = "observable-metrics-" + schedulers.incrementAndGet() + "-";
		AtomicInteger threads = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(maxThreads, maxThreads, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(),
				(runnable) -> new CallbackThread(runnable, prefix + threads.incrementAndGet()));
		this.executor.allowCoreThreadTimeOut(true);
	}

	/**
	 * Whether the current thread is one that runs callbacks: a meter read from inside a
	 * callback must not wait for callbacks.
	 */
	static boolean isCallbackThread() {
		return Thread.currentThread() instanceof CallbackThread;
	}

	int activeThreads() {
		return this.executor.getPoolSize();
	}

	/**
	 * Brings the given callbacks up to date for a read that started at {@code readStart},
	 * waiting at most until each one's deadline.
	 * @param candidates the callbacks the read needs
	 * @param count how many of {@code candidates} to look at
	 * @param readStart when the read started ({@link System#nanoTime()})
	 */
	void refresh(ObservedCallback[] candidates, int count, long readStart) {
		long now = System.nanoTime();
		long claim = (now != 0) ? now : 1;
		ObservedCallback[] toRun = null;
		int runs = 0;
		ObservedCallback[] joined = null;
		long[] joinedClaims = null;
		int joins = 0;
		for (int i = 0; i < count; i++) {
			ObservedCallback callback = candidates[i];
			if (callback.isFresh(readStart, now)) {
				continue;
			}
			if (callback.tryClaim(claim)) {
				if (toRun == null) {
					toRun = new ObservedCallback[count - i];
				}
				toRun[runs++] = callback;
				continue;
			}
			long running = callback.currentClaim();
			if (running != 0) {
				if (joined == null) {
					joined = new ObservedCallback[count - i];
					joinedClaims = new long[count - i];
				}
				joined[joins] = callback;
				joinedClaims[joins++] = running;
			}
		}
		Batch batch = null;
		if (runs > 0) {
			batch = new Batch(toRun, runs, claim, Thread.currentThread());
			if (!submit(batch)) {
				batch.abandonAll();
				return;
			}
		}
		if (batch != null || joins > 0) {
			await(batch, joined, joinedClaims, joins);
		}
	}

	private void await(@Nullable Batch batch, ObservedCallback @Nullable [] joined, long @Nullable [] joinedClaims,
			int joins) {
		int unsettled = joins;
		long joinPoll = FIRST_JOIN_POLL_NANOS;
		int lastDone = -1;
		int workers = 1;
		while (true) {
			long now = System.nanoTime();
			long wait = Long.MAX_VALUE;
			boolean pending = false;
			if (batch != null) {
				for (int i = 0; i < batch.size; i++) {
					int state = batch.states.get(i);
					if (state >= Batch.DONE) {
						continue;
					}
					ObservedCallback callback = batch.callbacks[i];
					long left = batch.claim + callback.timeoutNanos - now;
					if (left > 0) {
						pending = true;
						wait = Math.min(wait, left);
					}
					else if (state == Batch.PENDING && batch.states.compareAndSet(i, Batch.PENDING, Batch.ABANDONED)) {
						callback.release(batch.claim);
						callback.timedOut(batch.claim, false);
					}
					else if (state == Batch.RUNNING && batch.states.compareAndSet(i, Batch.RUNNING, Batch.TIMED_OUT)) {
						callback.timedOut(batch.claim, true);
					}
					else {
						pending = true;
						wait = 0;
					}
				}
			}
			// settled joins are swapped out of the first `unsettled` places
			for (int j = unsettled - 1; j >= 0; j--) {
				ObservedCallback callback = joined[j];
				long claimed = joinedClaims[j];
				boolean settled = callback.currentClaim() != claimed;
				long left = claimed + callback.timeoutNanos - now;
				if (!settled && left <= 0) {
					callback.timedOut(claimed, true);
					settled = true;
				}
				if (settled) {
					unsettled--;
					joined[j] = joined[unsettled];
					joinedClaims[j] = joinedClaims[unsettled];
				}
				else {
					pending = true;
					wait = Math.min(wait, Math.min(left, joinPoll));
				}
			}
			if (unsettled > 0) {
				joinPoll = Math.min(joinPoll * 2, STALL_NANOS);
			}
			if (!pending) {
				return;
			}
			if (batch != null) {
				int done = batch.done.get();
				if (done == lastDone && batch.hasUnstarted() && workers < this.maxThreads && submit(batch)) {
					workers++;
				}
				lastDone = done;
				wait = Math.min(wait, STALL_NANOS);
			}
			if (wait > 0) {
				LockSupport.parkNanos(this, wait);
			}
		}
	}

	private boolean submit(Batch batch) {
		try {
			this.executor.execute(batch);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	/**
	 * Stops the workers, interrupting callbacks still running.
	 */
	void shutdown() {
		this.executor.shutdownNow();
	}

	/**
	 * The callbacks one read runs, pulled by one or more workers.
	 */
	private static final class Batch implements Runnable {

		static final int PENDING = 0;

		static final int RUNNING = 1;

		static final int DONE = 2;

		static final int ABANDONED = 3;

		static final int TIMED_OUT = 4;

		final ObservedCallback[] callbacks;

		final int size;

		final long claim;

		final AtomicIntegerArray states;

		final AtomicInteger cursor = new AtomicInteger();

		final AtomicInteger done = new AtomicInteger();

		private final Thread reader;

		Batch(ObservedCallback[] callbacks, int size, long claim, Thread reader) {
			this.callbacks = callbacks;
			this.size = size;
			this.claim = claim;
			this.states = new AtomicIntegerArray(size);
			this.reader = reader;
		}

		@Override
		public void run() {
			int i;
			while ((i = this.cursor.getAndIncrement()) < this.size) {
				if (!this.states.compareAndSet(i, PENDING, RUNNING)) {
					continue;
				}
				try {
					this.callbacks[i].run();
				}
				finally {
					this.states.set(i, DONE);
					if (this.done.incrementAndGet() == this.size) {
						LockSupport.unpark(this.reader);
					}
				}
			}
		}

		boolean hasUnstarted() {
			return this.cursor.get() < this.size;
		}

		void abandonAll() {
			for (int i = 0; i < this.size; i++) {
				if (this.states.compareAndSet(i, PENDING, ABANDONED)) {
					this.callbacks[i].release(this.claim);
				}
			}
		}

	}

	/**
	 * A thread that runs callbacks.
	 */
	private static final class CallbackThread extends Thread {

		CallbackThread(Runnable runnable, String name) {
			super(runnable, name);
			setDaemon(true);
		}

	}

}
