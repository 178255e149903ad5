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

import java.util.ArrayList;
import java.util.List;

/**
 * The runs one read of the registry waits for before it reads: the batch it started, and
 * the runs in flight that it joined.
 */
public final class Read {

	private final long start = System.nanoTime();

	private final boolean joinInFlight;

	private final List<Batch> started = new ArrayList<>(1);

	private final List<Run> joined = new ArrayList<>(0);

	/**
	 * Creates a read.
	 * @param joinInFlight whether the read waits for runs already in flight: a Prometheus
	 * scrape does, as it shows what the callbacks observed for it; a read outside one
	 * does not, so that an asynchronous callback's continuation that reads its own meter
	 * never waits for itself
	 */
	public Read(boolean joinInFlight) {
		this.joinInFlight = joinInFlight;
	}

	public long start() {
		return this.start;
	}

	/**
	 * Starts the runs the read needs, or joins those in flight, and hands the new ones to
	 * the executor as one batch. The callbacks whose last run started and timed out go
	 * last: in an outage, the healthy callbacks are not queued behind those that hang.
	 */
	public void start(ObservedCallback[] callbacks, RunExecutor executor) {
		if (callbacks.length == 0) {
			return;
		}
		long now = System.nanoTime();
		Batch batch = executor.batch(callbacks.length);
		for (ObservedCallback callback : callbacks) {
			if (!callback.report.timedOutRunning()) {
				start(callback, now, batch);
			}
		}
		for (ObservedCallback callback : callbacks) {
			if (callback.report.timedOutRunning()) {
				start(callback, now, batch);
			}
		}
		batch.seal();
		if (!batch.isEmpty()) {
			executor.execute(batch);
			this.started.add(batch);
		}
	}

	private void start(ObservedCallback callback, long now, Batch batch) {
		Run run = callback.runFor(this.start, now, batch, this.joinInFlight);
		if (run != null && run.batch != batch) {
			this.joined.add(run);
		}
	}

	/**
	 * Waits for the runs, each at most until its deadline or the read's.
	 * @param readDeadline when the read stops waiting, or {@link Run#NO_DEADLINE}
	 */
	public void await(long readDeadline) {
		for (Batch batch : this.started) {
			batch.await(readDeadline);
		}
		for (Run run : this.joined) {
			if (Thread.currentThread().isInterrupted()) {
				return;
			}
			run.await(readDeadline);
		}
	}

}
