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

package io.github.observablemetrics.internal.result;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import org.springframework.util.Assert;

/**
 * Keeps a Prometheus scrape's read of the registry apart from every change the callbacks
 * publish: a scrape reads under the read lock, and a run publishes its result, adds and
 * removes its meters under the write lock. So a scrape never sees half of a run, never
 * mixes two runs of one callback, and never sees a meter removed and registered again
 * halfway, which client_java answers with a {@code DuplicateLabelsException} and a 500.
 * <p>
 * Fair, so that a stream of concurrent scrapes cannot starve a publication; no thread
 * holds either lock while it runs or waits for a callback.
 */
public final class PublicationLock {

	private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

	/**
	 * Reads under the read lock.
	 */
	public <T> T read(Supplier<T> read) {
		this.lock.readLock().lock();
		try {
			return read.get();
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/**
	 * Whether the current thread reads under the lock: a scrape's read of a meter, which
	 * runs no callback.
	 */
	public boolean isReading() {
		return this.lock.getReadHoldCount() > 0;
	}

	/**
	 * Publishes under the write lock.
	 */
	public void publish(Runnable publication) {
		Assert.state(!isReading(), "A scrape's read publishes nothing");
		this.lock.writeLock().lock();
		try {
			publication.run();
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

}
