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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The runs one read starts, handed to the {@link RunExecutor} at once and taken by its
 * workers in order. A read waits for the batch as a whole first, which costs the reading
 * thread one wake-up however many runs the batch has.
 */
public final class Batch {

	private static final Run[] NO_RUNS = new Run[0];

	final RunExecutor executor;

	private Run[] runs;

	private int size;

	private final AtomicInteger next = new AtomicInteger();

	/**
	 * The runs not ended yet. It starts at the batch's capacity, the most runs it can
	 * have, and {@link #seal()} takes off the places left empty, so that a run that ends
	 * before the batch is sealed (a concurrent reader may time it out) counts right.
	 */
	private final AtomicInteger unfinished;

	private final CompletableFuture<Void> allFinished = new CompletableFuture<>();

	private long earliestDeadline = Run.NO_DEADLINE;

	Batch(RunExecutor executor, int capacity) {
		this.executor = executor;
		this.runs = (capacity > 0) ? new Run[capacity] : NO_RUNS;
		this.unfinished = new AtomicInteger(capacity);
	}

	/**
	 * Adds a run, before the batch is sealed; by the thread that created the batch only.
	 */
	void add(Run run) {
		this.runs[this.size++] = run;
		if (this.earliestDeadline == Run.NO_DEADLINE || run.deadline - this.earliestDeadline < 0) {
			this.earliestDeadline = run.deadline;
		}
	}

	boolean isEmpty() {
		return this.size == 0;
	}

	/**
	 * Takes no more runs: the places left empty no longer count as unfinished.
	 */
	void seal() {
		finished(this.runs.length - this.size);
	}

	/**
	 * The next run for a worker to run, or {@code null} when every run is taken.
	 */
	@Nullable Run next() {
		int index = this.next.getAndIncrement();
		return (index < this.size) ? this.runs[index] : null;
	}

	boolean hasNext() {
		return this.next.get() < this.size;
	}

	/**
	 * Runs that ended cancelled, for the close of the context.
	 */
	void cancelAll() {
		for (int i = 0; i < this.size; i++) {
			this.runs[i].cancel();
		}
	}

	void finished() {
		finished(1);
	}

	private void finished(int count) {
		if (count > 0 && this.unfinished.addAndGet(-count) == 0) {
			this.allFinished.complete(null);
		}
	}

	/**
	 * Waits for every run of the batch, at most until the earliest deadline of its runs
	 * or the reader's; each run not ended by then is waited for on its own.
	 * @param readerDeadline the reader's deadline, or {@link Run#NO_DEADLINE}
	 */
	void await(long readerDeadline) {
		long deadline = this.earliestDeadline;
		if (readerDeadline != Run.NO_DEADLINE && readerDeadline - deadline < 0) {
			deadline = readerDeadline;
		}
		long left = deadline - System.nanoTime();
		if (left > 0) {
			try {
				this.allFinished.get(left, TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException | ExecutionException ex) {
				// each run not ended yet is waited for on its own
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		// the runs that could not start in time go first: timing out a running one gives
		// its permit to the next queued run, which would only start to be timed out too
		long now = System.nanoTime();
		for (int i = 0; i < this.size; i++) {
			this.runs[i].timeOutIfQueued(readerDeadline, now);
		}
		for (int i = 0; i < this.size && !Thread.currentThread().isInterrupted(); i++) {
			this.runs[i].await(readerDeadline);
		}
	}

}
