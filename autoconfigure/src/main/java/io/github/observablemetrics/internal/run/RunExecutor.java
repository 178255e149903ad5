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

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * Runs callbacks on threads of their own, never on the reading thread.
 * <p>
 * Its invariants, each held by one primitive:
 * <ul>
 * <li>At most {@code callback-threads} runs hold a thread at once: a worker holds one of
 * the {@link Semaphore}'s permits for as long as it runs callbacks. A run that times out
 * or is cancelled while its worker is inside the method gives that permit back at once;
 * the worker leaves when the method returns. So the threads inside callbacks are at most
 * {@code callback-threads} plus one per run that timed out and still runs, and a callback
 * is never started again while it still runs ({@link ObservedCallback}), so that is one
 * per hung callback.</li>
 * <li>Runs are taken in the order their reads asked for them, whichever read: batches
 * wait in one {@link ConcurrentLinkedQueue}, and every worker takes from its head.</li>
 * <li>No work is left without a worker: a batch is queued before a worker is asked for,
 * and a worker that leaves gives its permit back before it looks for work again.</li>
 * <li>Once closed, no run starts: queued runs are cancelled and the threads
 * interrupted.</li>
 * </ul>
 * One worker starts per batch, and each worker that takes a run while more wait asks for
 * one more, so that a batch of cheap callbacks wakes one or two threads and a batch of
 * slow ones spreads over every permit.
 */
public final class RunExecutor {

	/**
	 * How long an idle thread stays for the next scrape: longer than Prometheus' usual
	 * scrape intervals, so that a scrape every 15 or 30 seconds finds its threads.
	 */
	private static final long KEEP_ALIVE_SECONDS = 60;

	private static final AtomicInteger executors = new AtomicInteger();

	private static final ThreadLocal<Boolean> callbackThread = new ThreadLocal<>();

	private final ThreadPoolExecutor threads;

	private final Semaphore permits;

	private final ConcurrentLinkedQueue<Batch> queue = new ConcurrentLinkedQueue<>();

	private volatile boolean closed;

	public RunExecutor(int permits, boolean virtualThreads) {
		this.permits = new Semaphore(permits);
		String prefix = "observable-metrics-" + executors.incrementAndGet() + "-";
		// no queue of its own and no bound of its own: the permits bound the threads
		this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
				new SynchronousQueue<>(), virtualThreads
						? new VirtualThreadTaskExecutor(prefix).getVirtualThreadFactory() : platformThreads(prefix));
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
	 * Whether the current thread runs callbacks: a read made from a callback never runs
	 * or waits for callbacks, so that no callback ever waits for itself.
	 */
	public static boolean isCallbackThread() {
		return callbackThread.get() != null;
	}

	Batch batch(int capacity) {
		return new Batch(this, capacity);
	}

	/**
	 * Queues a sealed batch and asks for a worker.
	 */
	void execute(Batch batch) {
		if (this.closed) {
			batch.cancelAll();
			return;
		}
		this.queue.add(batch);
		if (this.closed) {
			// closed in the meantime: the close may not have seen the batch
			batch.cancelAll();
			return;
		}
		startWorker();
	}

	/**
	 * A run whose worker is inside the method timed out or was cancelled: the permit it
	 * held is free for the runs waiting.
	 */
	void permitReturned() {
		this.permits.release();
		startWorker();
	}

	/**
	 * Starts one worker when runs wait and a permit is free.
	 */
	private void startWorker() {
		if (this.closed || !hasWork() || !this.permits.tryAcquire()) {
			return;
		}
		try {
			this.threads.execute(this::work);
		}
		catch (RejectedExecutionException ex) {
			// shut down: the close cancels what waits
			this.permits.release();
		}
	}

	private boolean hasWork() {
		for (Batch batch : this.queue) {
			if (batch.hasNext()) {
				return true;
			}
		}
		return false;
	}

	private @Nullable Run next() {
		for (Batch batch = this.queue.peek(); batch != null; batch = this.queue.peek()) {
			Run run = batch.next();
			if (run != null) {
				return run;
			}
			this.queue.remove(batch);
		}
		return null;
	}

	/**
	 * A worker: holds a permit while it takes runs from the queue.
	 */
	private void work() {
		callbackThread.set(Boolean.TRUE);
		boolean holdsPermit = true;
		try {
			for (Run run = next(); run != null; run = next()) {
				startWorker();
				holdsPermit = run.run();
				// a callback that left its thread interrupted fails no other callback
				Thread.interrupted();
				if (!holdsPermit) {
					return;
				}
			}
		}
		finally {
			callbackThread.remove();
			if (holdsPermit) {
				this.permits.release();
				// a batch queued while this worker was leaving may have found no permit
				startWorker();
			}
		}
	}

	/**
	 * How many threads run callbacks now: workers holding a permit, and threads still
	 * inside a callback whose run timed out. Idle threads waiting for the next scrape do
	 * not count.
	 */
	public int activeThreads() {
		return this.threads.getActiveCount();
	}

	/**
	 * Starts no more runs: cancels the queued ones, which releases their readers, and
	 * interrupts the threads inside callbacks. Does not wait for them.
	 */
	public void close() {
		this.closed = true;
		for (Batch batch; (batch = this.queue.poll()) != null;) {
			batch.cancelAll();
		}
		this.threads.shutdownNow();
	}

}
