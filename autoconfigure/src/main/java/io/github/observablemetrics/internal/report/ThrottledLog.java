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

package io.github.observablemetrics.internal.report;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * Logs one kind of recurring problem at WARN at most once a minute, and at DEBUG in
 * between, saying how many occurrences the last WARN left out: a callback that fails at
 * every scrape is reported without flooding the log.
 */
public final class ThrottledLog {

	static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	// Fields with VarHandles rather than AtomicLongs: every callback has two of these.
	private static final VarHandle NEXT_WARN_NANOS;

	private static final VarHandle SUPPRESSED;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			NEXT_WARN_NANOS = lookup.findVarHandle(ThrottledLog.class, "nextWarnNanos", long.class);
			SUPPRESSED = lookup.findVarHandle(ThrottledLog.class, "suppressed", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Log logger;

	private volatile long nextWarnNanos;

	private volatile long suppressed;

	ThrottledLog(Log logger) {
		this.logger = logger;
		this.nextWarnNanos = System.nanoTime();
	}

	void warn(Supplier<String> message, @Nullable Throwable cause) {
		long now = System.nanoTime();
		long next = this.nextWarnNanos;
		if (now - next >= 0 && NEXT_WARN_NANOS.compareAndSet(this, next, now + INTERVAL_NANOS)) {
			long left = (long) SUPPRESSED.getAndSet(this, 0L);
			String suffix = (left > 0) ? " (" + left + " more like this in the last minute were logged at DEBUG)" : "";
			this.logger.warn(message.get() + suffix, cause);
		}
		else {
			SUPPRESSED.getAndAdd(this, 1L);
			if (this.logger.isDebugEnabled()) {
				this.logger.debug(message.get(), cause);
			}
		}
	}

}
