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

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The results one Prometheus scrape reads: the first read of an observer callback's
 * series pins its result for the rest of the scrape, so that a scrape shows exactly one
 * run of each callback even while a concurrent scrape publishes a newer one.
 */
final class ScrapeView {

	private static final ThreadLocal<ScrapeView> current = new ThreadLocal<>();

	private @Nullable Object lastOwner;

	private @Nullable RunResult lastResult;

	private @Nullable Map<Object, RunResult> pinned;

	private ScrapeView() {
	}

	/**
	 * The view of the scrape running on this thread.
	 * @return the view, or {@code null} outside a scrape
	 */
	static @Nullable ScrapeView current() {
		return current.get();
	}

	/**
	 * Reads the registry as one scrape.
	 */
	static <T> T read(Supplier<T> read) {
		ScrapeView outer = current.get();
		current.set(new ScrapeView());
		try {
			return read.get();
		}
		finally {
			if (outer != null) {
				current.set(outer);
			}
			else {
				current.remove();
			}
		}
	}

	/**
	 * The result of a callback this scrape reads.
	 * @param owner the callback
	 * @param latest its latest result, pinned if the scrape has not read it yet
	 * @return the pinned result
	 */
	RunResult pin(Object owner, RunResult latest) {
		if (owner == this.lastOwner) {
			return this.lastResult;
		}
		Map<Object, RunResult> pinned = this.pinned;
		if (pinned == null) {
			pinned = new IdentityHashMap<>();
			this.pinned = pinned;
		}
		RunResult result = pinned.putIfAbsent(owner, latest);
		if (result == null) {
			result = latest;
		}
		this.lastOwner = owner;
		this.lastResult = result;
		return result;
	}

}
