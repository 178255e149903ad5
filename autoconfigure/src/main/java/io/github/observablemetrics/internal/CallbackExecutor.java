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

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.util.Assert;

/**
 * The threads that run callbacks: a {@link ThreadPoolExecutor} of
 * {@code callback-threads} threads, which a run that is written off leaves. A run is
 * written off when it times out holding its thread, or earlier when it holds up its batch
 * (see {@link Batch#await(long)}): the pool grows by one thread for as long as it still
 * holds its own, so that healthy callbacks always find a thread, and shrinks back when it
 * returns. At most {@code callback-threads} runs are written off early at a time, so the
 * pool has at most twice {@code callback-threads} threads, plus one per callback whose
 * run timed out and still holds its thread (a callback is never started again while it
 * runs).
 */
final class CallbackExecutor {

	private static final AtomicInteger executors = new AtomicInteger();

	/**
	 * Set on a thread while it runs a callback: a meter read from inside a callback must
	 * not wait for callbacks.
	 */
	private static final ThreadLocal<Boolean> runningCallback = new ThreadLocal<>();

	private static final CallbackRun[] NO_RUNS = new CallbackRun[0];

	private final ThreadPoolExecutor pool;

	private final int threads;

	/**
	 * Runs written off that still hold their threads.
	 */
	private int writtenOff;

	/**
	 * Of those, the runs written off early that have not timed out: at most
	 * {@code threads}.
	 */
	private int writtenOffEarly;

	CallbackExecutor(int threads, boolean virtualThreads) {
		this.threads = threads;
		String prefix = "observable-metrics-" + executors.incrementAndGet() + "-";
		this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				virtualThreads ? new VirtualThreadTaskExecutor(prefix).getVirtualThreadFactory()
						: platformThreads(prefix));
		this.pool.allowCoreThreadTimeOut(true);
	}

	private static ThreadFactory platformThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * A batch for the runs one read starts.
	 * @return the batch, to which each new run adds itself
	 */
	Batch batch(int capacity) {
		return new Batch(this, capacity);
	}

	/**
	 * Runs the runs a read started. They form one batch that workers pull from, so that a
	 * scrape of ten thousand single-value callbacks hands the pool a few tasks, not ten
	 * thousand: a task per run cost a scrape of cheap callbacks twice the time of
	 * hand-written meters. One worker starts; each worker that finds runs left in the
	 * batch when it starts asks for one more, up to {@code callback-threads}, so that a
	 * batch of cheap callbacks wakes one or two threads and a batch of slow ones spreads
	 * over all. A worker whose run times out is written off, and another worker takes
	 * over the rest of the batch.
	 * @param batch the batch, none of its runs started
	 */
	void execute(Batch batch) {
		batch.seal();
		if (batch.runs.length > 0 && !batch.addWorker()) {
			batch.abandon();
		}
	}

	private boolean submit(Batch batch) {
		try {
			this.pool.execute(batch);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	static boolean isCallbackThread() {
		return runningCallback.get() != null;
	}

	/**
	 * A run that holds a thread is being written off at its timeout: the pool grows by
	 * one thread. Counted before the run's state changes, so that the run's end, which
	 * gives the thread back through {@link #settle(boolean)}, cannot come first;
	 * {@link #settle(boolean)} undoes it where the change fails.
	 */
	synchronized void writeOff() {
		this.writtenOff++;
		resize();
	}

	/**
	 * A run that holds a thread is being written off early, because it holds up its
	 * batch: the pool grows by one thread, unless {@code callback-threads} runs are
	 * written off early already, so that callbacks that are merely slow (a database that
	 * slows down) never run on more than twice the pool's threads.
	 * @return whether the run may be written off early
	 */
	synchronized boolean writeOffEarly() {
		if (this.writtenOffEarly >= this.threads) {
			return false;
		}
		this.writtenOffEarly++;
		this.writtenOff++;
		resize();
		return true;
	}

	/**
	 * A run written off early timed out: it counts as any other hung run from now on.
	 */
	synchronized void timedOutAfterEarlyWriteOff() {
		this.writtenOffEarly--;
	}

	/**
	 * A written-off run returned its thread, or its write-off did not happen.
	 * @param early whether it was written off early and has not timed out
	 */
	synchronized void settle(boolean early) {
		this.writtenOff--;
		if (early) {
			this.writtenOffEarly--;
		}
		resize();
	}

	/**
	 * A worker of the batch was written off: the rest of the batch gets another, beyond
	 * the batch's share, as the written-off worker no longer pulls from it.
	 * @param batch the batch
	 */
	void replaceWorker(Batch batch) {
		if (batch.hasUnstarted()) {
			submit(batch);
		}
	}

	private void resize() {
		int size = this.threads + this.writtenOff;
		if (size > this.pool.getMaximumPoolSize()) {
			this.pool.setMaximumPoolSize(size);
			this.pool.setCorePoolSize(size);
		}
		else {
			this.pool.setCorePoolSize(size);
			this.pool.setMaximumPoolSize(size);
		}
	}

	/**
	 * How many threads run callbacks now.
	 */
	int activeThreads() {
		return this.pool.getPoolSize();
	}

	/**
	 * Stops the threads, interrupting callbacks still running.
	 */
	void shutdown() {
		this.pool.shutdownNow();
	}

	/**
	 * The runs one read started, pulled by one or more workers, and what the read waits
	 * on: the end of them all.
	 */
	static final class Batch implements Runnable {

		/**
		 * How long a reader spins for its batch before it parks: a batch of cheap
		 * callbacks ends within tens of microseconds, and a parked reader takes about as
		 * long to wake up again.
		 */
		private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

		final CallbackExecutor executor;

		/**
		 * The runs added so far, until the batch is sealed.
		 */
		private CallbackRun @Nullable [] adding;

		private int added;

		CallbackRun[] runs = NO_RUNS;

		private final AtomicInteger cursor = new AtomicInteger();

		private final AtomicInteger workers = new AtomicInteger();

		/**
		 * The runs not yet finished, counted from {@link #UNSEALED} until the batch is
		 * sealed: a run that finishes before (one that a concurrent read timed out) never
		 * brings it to zero, and adding a run needs no atomic operation.
		 */
		private final AtomicInteger unfinished = new AtomicInteger(UNSEALED);

		private static final int UNSEALED = Integer.MAX_VALUE / 2;

		private final CompletableFuture<Void> allFinished = new CompletableFuture<>();

		private long earliestDeadline = CallbackRun.NO_DEADLINE;

		Batch(CallbackExecutor executor, int capacity) {
			this.executor = executor;
			this.adding = new CallbackRun[capacity];
		}

		/**
		 * A new run joins the batch: called on the reading thread, before the batch is
		 * sealed.
		 */
		void add(CallbackRun run) {
			CallbackRun[] adding = this.adding;
			Assert.state(adding != null, "A sealed batch takes no more runs");
			if (this.added == adding.length) {
				adding = Arrays.copyOf(adding, Math.max(4, adding.length * 2));
				this.adding = adding;
			}
			adding[this.added++] = run;
			if (this.earliestDeadline == CallbackRun.NO_DEADLINE || run.deadline - this.earliestDeadline < 0) {
				this.earliestDeadline = run.deadline;
			}
		}

		boolean isEmpty() {
			return this.adding != null && this.added == 0;
		}

		void seal() {
			CallbackRun[] adding = this.adding;
			if (adding != null) {
				this.runs = (this.added == adding.length) ? adding : Arrays.copyOf(adding, this.added);
				this.adding = null;
				if (this.unfinished.addAndGet(this.runs.length - UNSEALED) == 0) {
					this.allFinished.complete(null);
				}
			}
		}

		/**
		 * Runs of the batch finished.
		 * @param count how many
		 */
		void finished(int count) {
			if (this.unfinished.addAndGet(-count) == 0) {
				this.allFinished.complete(null);
			}
		}

		/**
		 * Waits until every run of the batch has finished, at most until the earliest
		 * deadline of its runs or the reader's; the reader then waits for each run that
		 * has not. While runs of the batch wait for a thread, the reader looks at the
		 * batch every sixteenth of its wait; when no run of it has started since the last
		 * look (as when every worker of the batch is held), the runs that have held their
		 * threads for an eighth of the wait are written off early, up to
		 * {@code callback-threads} at a time: the pool grows by one thread for each, so
		 * that callbacks queued behind callbacks that hang (on a database that stopped
		 * answering) still run within this wait rather than time out unstarted. Runs that
		 * merely take long while the batch moves on keep to the pool's threads.
		 * @param readerDeadline the reader's deadline, or {@link CallbackRun#NO_DEADLINE}
		 */
		void await(long readerDeadline) {
			long deadline = this.earliestDeadline;
			if (readerDeadline != CallbackRun.NO_DEADLINE && readerDeadline - deadline < 0) {
				deadline = readerDeadline;
			}
			long now = System.nanoTime();
			long spinUntil = now + Math.min(SPIN_NANOS, deadline - now);
			while (!this.allFinished.isDone() && now - spinUntil < 0) {
				Thread.onSpinWait();
				now = System.nanoTime();
			}
			long holding = (deadline - now) / 8;
			long look = holding / 2;
			int lastCursor = this.cursor.get();
			try {
				while (!this.allFinished.isDone()) {
					long left = deadline - now;
					if (left <= 0) {
						return;
					}
					boolean relieve = look > 0 && hasUnstarted();
					try {
						this.allFinished.get(relieve ? Math.min(left, look) : left, TimeUnit.NANOSECONDS);
						return;
					}
					catch (TimeoutException ex) {
						now = System.nanoTime();
						int cursor = this.cursor.get();
						if (relieve && cursor == lastCursor) {
							relieve(now - holding);
						}
						lastCursor = cursor;
					}
				}
			}
			catch (ExecutionException ex) {
				// each run is waited for on its own
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		/**
		 * Writes off early the threads of the batch's runs that started before
		 * {@code startedBefore} and still run, while runs of the batch wait for a thread.
		 */
		private void relieve(long startedBefore) {
			int started = Math.min(this.cursor.get(), this.runs.length);
			if (started == this.runs.length) {
				return;
			}
			for (int i = 0; i < started; i++) {
				this.runs[i].writeOffIfStartedBefore(startedBefore);
			}
		}

		/**
		 * Asks the pool for one more worker, unless the batch has as many as the pool's
		 * threads.
		 * @return whether a worker was asked for
		 */
		boolean addWorker() {
			if (this.workers.incrementAndGet() > this.executor.threads) {
				this.workers.decrementAndGet();
				return false;
			}
			return this.executor.submit(this);
		}

		@Override
		public void run() {
			runningCallback.set(Boolean.TRUE);
			try {
				if (this.runs.length - this.cursor.get() > 1) {
					// more than this worker's next run left
					addWorker();
				}
				int finished = 0;
				try {
					int next;
					while ((next = this.cursor.getAndIncrement()) < this.runs.length) {
						CallbackRun run = this.runs[next];
						try {
							run.run();
						}
						catch (Throwable ex) {
							// the worker dies with what the run threw (an error of the
							// virtual machine, or a failure of the starter's reporting):
							// the rest of the batch gets another
							this.executor.replaceWorker(this);
							throw ex;
						}
						finally {
							if (run.endedOnWorker()) {
								finished++;
							}
						}
						if (run.threadWrittenOff()) {
							// the pool gave the batch another worker for this thread,
							// which leaves it
							break;
						}
					}
				}
				finally {
					if (finished > 0) {
						finished(finished);
					}
				}
			}
			finally {
				runningCallback.remove();
			}
		}

		boolean hasUnstarted() {
			return this.cursor.get() < this.runs.length;
		}

		void abandon() {
			for (CallbackRun run : this.runs) {
				run.abandon();
			}
		}

	}

}
