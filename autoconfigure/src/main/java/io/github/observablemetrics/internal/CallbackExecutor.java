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

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * The threads that run callbacks: a {@link ThreadPoolExecutor} of
 * {@code callback-threads} threads, which a run that times out leaves. A timed-out run is
 * written off: the pool grows by one thread for as long as it still holds its own, so
 * that healthy callbacks always find a thread, and shrinks back when it returns. At most
 * {@code callback-threads} runs within their deadline, plus one thread per hung callback
 * (a callback is never started again while it runs).
 */
final class CallbackExecutor {

	private static final AtomicInteger executors = new AtomicInteger();

	/**
	 * Set on a thread while it runs a callback: a meter read from inside a callback must
	 * not wait for callbacks.
	 */
	private static final ThreadLocal<Boolean> runningCallback = new ThreadLocal<>();

	private final ThreadPoolExecutor pool;

	private final int threads;

	private int writtenOff;

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
	 * Runs the runs a read started. They form one batch that up to
	 * {@code callback-threads} workers pull from, so that a scrape of ten thousand
	 * single-value callbacks hands the pool a few tasks, not ten thousand: a task per run
	 * cost a scrape of cheap callbacks twice the time of hand-written meters. A worker
	 * whose run times out is written off, and another worker takes over the rest of the
	 * batch.
	 * @param runs the runs, none of them started
	 */
	void execute(List<CallbackRun> runs) {
		Batch batch = new Batch(runs.toArray(new CallbackRun[0]));
		for (CallbackRun run : batch.runs) {
			run.batch = batch;
		}
		int workers = Math.min(this.threads, batch.runs.length);
		for (int i = 0; i < workers; i++) {
			if (!submit(batch)) {
				if (i == 0) {
					batch.abandon();
				}
				return;
			}
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
	 * A run timed out while it holds a thread: give the pool one more, and the rest of
	 * the run's batch another worker.
	 * @param batch the run's batch
	 */
	void writeOff(@Nullable Batch batch) {
		synchronized (this) {
			this.writtenOff++;
			resize();
		}
		if (batch != null && batch.hasUnstarted()) {
			submit(batch);
		}
	}

	/**
	 * A written-off run returned its thread.
	 */
	synchronized void settle() {
		this.writtenOff--;
		resize();
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
	 * The runs one read started, pulled by one or more workers.
	 */
	static final class Batch implements Runnable {

		final CallbackRun[] runs;

		private final AtomicInteger cursor = new AtomicInteger();

		Batch(CallbackRun[] runs) {
			this.runs = runs;
		}

		@Override
		public void run() {
			runningCallback.set(Boolean.TRUE);
			try {
				int next;
				while ((next = this.cursor.getAndIncrement()) < this.runs.length) {
					this.runs[next].run();
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
