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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Brings callbacks up to date for a read: starts the runs it needs on the
 * {@link CallbackExecutor}, joins those already in flight, and waits for each at most
 * until its deadline.
 */
final class CallbackRunner {

	/**
	 * How old a result may be before a read outside a Prometheus scrape (a push
	 * registry's publish, {@code /actuator/metrics/{name}}) runs the callback again: long
	 * enough for one publish to read every series of a callback from one run.
	 */
	static final long READ_COALESCING_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final CallbackExecutor executor;

	CallbackRunner(CallbackExecutor executor) {
		this.executor = executor;
	}

	/**
	 * Starts the runs a read needs, or joins those in flight, and hands the new ones to
	 * the executor as one batch.
	 * @param callbacks the callbacks the read needs
	 * @param readStart when the read started ({@link System#nanoTime()})
	 * @param read where to add the runs the read must wait for
	 */
	void start(ObservedCallback[] callbacks, long readStart, Read read) {
		long now = System.nanoTime();
		CallbackExecutor.Batch batch = this.executor.batch(callbacks.length);
		for (ObservedCallback callback : callbacks) {
			CallbackRun run = callback.runFor(readStart, now, batch);
			if (run != null && run.batch != batch) {
				read.joined.add(run);
			}
		}
		if (!batch.isEmpty()) {
			this.executor.execute(batch);
			read.started.add(batch);
		}
	}

	/**
	 * The runs one read waits for: the batches it started, and the runs of other reads
	 * that it joined.
	 */
	static final class Read {

		final List<CallbackExecutor.Batch> started = new ArrayList<>(1);

		final List<CallbackRun> joined = new ArrayList<>(0);

		/**
		 * Waits for the runs, each at most until its deadline or the read's: first for
		 * each batch as a whole, which costs the reading thread one wake-up however many
		 * runs the batch has, then for the runs not finished by then.
		 * @param readDeadline when the read stops waiting, or
		 * {@link CallbackRun#NO_DEADLINE}
		 */
		void await(long readDeadline) {
			for (CallbackExecutor.Batch batch : this.started) {
				batch.await(readDeadline);
			}
			for (CallbackExecutor.Batch batch : this.started) {
				for (CallbackRun run : batch.runs) {
					run.await(readDeadline);
				}
			}
			for (CallbackRun run : this.joined) {
				run.await(readDeadline);
			}
		}

	}

	/**
	 * Outside a scrape: runs a callback whose last result is stale, unless the reader is
	 * itself a callback, which must not wait for callbacks.
	 */
	void refreshIfStale(ObservedCallback callback) {
		if (CallbackExecutor.isCallbackThread()) {
			return;
		}
		long now = System.nanoTime();
		if (callback.isStale(now, READ_COALESCING_NANOS)) {
			refresh(new ObservedCallback[] { callback }, now);
		}
	}

	/**
	 * Outside a scrape: runs the callbacks whose last result is stale, as one batch, so
	 * that they run side by side.
	 */
	void refreshIfStale(ObservedCallback[] callbacks) {
		if (CallbackExecutor.isCallbackThread()) {
			return;
		}
		long now = System.nanoTime();
		ObservedCallback[] stale = Arrays.stream(callbacks)
			.filter((callback) -> callback.isStale(now, READ_COALESCING_NANOS))
			.toArray(ObservedCallback[]::new);
		if (stale.length > 0) {
			refresh(stale, now);
		}
	}

	private void refresh(ObservedCallback[] callbacks, long now) {
		Read read = new Read();
		start(callbacks, now, read);
		read.await(CallbackRun.NO_DEADLINE);
	}

	int activeThreads() {
		return this.executor.activeThreads();
	}

	void shutdown() {
		this.executor.shutdown();
	}

}
