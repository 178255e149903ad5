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

package io.github.observablemetrics.internal.scrape;

import io.github.observablemetrics.internal.run.Run;
import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The deadline of the Prometheus scrape running on this thread: Prometheus sends its
 * {@code scrape_timeout} with every scrape in the {@value #HEADER} header, and a scrape
 * that outlives it loses the whole target. A scrape waits for callbacks at most until
 * that timeout less a margin that leaves time to write the response.
 */
public final class ScrapeDeadline {

	/**
	 * The request header in which Prometheus sends the scrape timeout, in seconds.
	 */
	public static final String HEADER = "X-Prometheus-Scrape-Timeout-Seconds";

	private static final ThreadLocal<Long> current = new ThreadLocal<>();

	private ScrapeDeadline() {
	}

	/**
	 * Runs a scrape with the deadline a scrape timeout sets.
	 * @param <T> the scrape's result
	 * @param timeoutSeconds the header's value, or {@code null} without one; a malformed
	 * value is ignored
	 * @param margin the time kept for writing the response; where the timeout is not
	 * longer than the margin, half the timeout is kept
	 * @param scrape the scrape
	 * @return what the scrape returned
	 */
	public static <T> T during(@Nullable String timeoutSeconds, Duration margin, Supplier<T> scrape) {
		Duration timeout = parse(timeoutSeconds);
		if (timeout == null) {
			return scrape.get();
		}
		Duration wait = (timeout.compareTo(margin) > 0) ? timeout.minus(margin) : timeout.dividedBy(2);
		Long outer = current.get();
		current.set(System.nanoTime() + wait.toNanos());
		try {
			return scrape.get();
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
	 * The deadline of the scrape running on this thread.
	 * @return the deadline ({@link System#nanoTime()}), or {@link Run#NO_DEADLINE}
	 * without one
	 */
	static long current() {
		Long deadline = current.get();
		return (deadline != null) ? deadline : Run.NO_DEADLINE;
	}

	/**
	 * Parses a scrape timeout in seconds, such as {@code 10} or {@code 2.5}.
	 * @param seconds the value
	 * @return the timeout, or {@code null} if the value is not a positive number of
	 * seconds
	 */
	static @Nullable Duration parse(@Nullable String seconds) {
		if (seconds == null) {
			return null;
		}
		try {
			double value = Double.parseDouble(seconds.trim());
			if (!(value > 0) || value > Duration.ofDays(1).toSeconds()) {
				return null;
			}
			return Duration.ofNanos((long) (value * 1e9));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
