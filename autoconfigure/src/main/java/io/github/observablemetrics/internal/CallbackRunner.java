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
	 * @param runs where to add the runs the read must wait for
	 */
	void start(ObservedCallback[] callbacks, long readStart, List<CallbackRun> runs) {
		long now = System.nanoTime();
		List<CallbackRun> started = new ArrayList<>();
		for (ObservedCallback callback : callbacks) {
			CallbackRun run = callback.runFor(readStart, now, this.executor, started);
			if (run != null) {
				runs.add(run);
			}
		}
		if (!started.isEmpty()) {
			this.executor.execute(started);
		}
	}

	/**
	 * Waits for runs, each at most until its deadline or the read's.
	 * @param runs the runs
	 * @param readDeadline when the read stops waiting, or {@link CallbackRun#NO_DEADLINE}
	 */
	static void await(List<CallbackRun> runs, long readDeadline) {
		for (CallbackRun run : runs) {
			run.await(readDeadline);
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
			List<CallbackRun> runs = new ArrayList<>(1);
			start(new ObservedCallback[] { callback }, now, runs);
			await(runs, CallbackRun.NO_DEADLINE);
		}
	}

	int activeThreads() {
		return this.executor.activeThreads();
	}

	void shutdown() {
		this.executor.shutdown();
	}

}
