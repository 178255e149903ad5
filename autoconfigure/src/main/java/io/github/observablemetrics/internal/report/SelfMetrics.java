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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The starter's own meters that are not per callback: failed runs and dropped
 * observations by reason, series dropped by the cardinality limit, how long scrapes wait
 * for callbacks, and the callback timeout to compare that with. Per callback,
 * {@link CallbackReport} keeps an up and a duration gauge (from its first failure on,
 * unless every callback has them), and with {@link CallbackMeters#FULL} a run timer and
 * error counters.
 */
public final class SelfMetrics {

	static final String UP_METRIC = "observable.metrics.callback.up";

	static final String DURATION_METRIC = "observable.metrics.callback.duration";

	static final String RUNS_METRIC = "observable.metrics.callback.runs";

	static final String ERRORS_METRIC = "observable.metrics.callback.errors";

	static final String DROPPED_METRIC = "observable.metrics.series.dropped";

	static final String FOLDED_METRIC = "observable.metrics.series.folded";

	static final String SCRAPE_WAIT_METRIC = "observable.metrics.scrape.wait";

	static final String TIMEOUT_METRIC = "observable.metrics.callback.timeout";

	static final String EXCEPTION = "exception";

	static final String TIMEOUT = "timeout";

	static final String INVALID = "invalid";

	private final MeterRegistry registry;

	/**
	 * Which callbacks have meters of their own, and which.
	 */
	final CallbackMeters callbacks;

	private final @Nullable Counter exceptions;

	private final @Nullable Counter timeouts;

	private final @Nullable Counter invalid;

	public final Timer scrapeWait;

	private final TimeGauge timeout;

	private final Map<String, Counter> dropped = new ConcurrentHashMap<>();

	private final Map<String, Counter> folded = new ConcurrentHashMap<>();

	/**
	 * @param beforeTimeoutRead runs before the timeout gauge is read: outside a scrape,
	 * it runs the observer methods that have no series yet, which no other meter's read
	 * would ever run (a push registry's only way to them)
	 */
	public SelfMetrics(MeterRegistry registry, Duration callbackTimeout, CallbackMeters callbacks,
			Runnable beforeTimeoutRead) {
		this.registry = registry;
		this.callbacks = callbacks;
		boolean perCallback = callbacks == CallbackMeters.FULL;
		this.exceptions = perCallback ? null : errors(registry, null, EXCEPTION);
		this.timeouts = perCallback ? null : errors(registry, null, TIMEOUT);
		this.invalid = perCallback ? null : errors(registry, null, INVALID);
		this.scrapeWait = Timer.builder(SCRAPE_WAIT_METRIC)
			.description("Time scrapes waited for @ObservableMetric callbacks before reading the registry")
			.register(registry);
		double timeoutSeconds = callbackTimeout.toNanos() / 1e9;
		this.timeout = TimeGauge.builder(TIMEOUT_METRIC, () -> {
			beforeTimeoutRead.run();
			return timeoutSeconds;
		}, TimeUnit.SECONDS)
			.description("The longest time a scrape waits for an @ObservableMetric callback")
			.register(registry);
	}

	static Counter errors(MeterRegistry registry, @Nullable String callback, String reason) {
		Counter.Builder builder = Counter.builder(ERRORS_METRIC)
			.description("Runs of @ObservableMetric callbacks that failed or timed out, and observations they made"
					+ " that were dropped as invalid")
			.tag("reason", reason);
		if (callback != null) {
			builder.tag("callback", callback);
		}
		return builder.register(registry);
	}

	void exception() {
		increment(this.exceptions, 1);
	}

	void timeout() {
		increment(this.timeouts, 1);
	}

	void invalid(int count) {
		increment(this.invalid, count);
	}

	private static void increment(@Nullable Counter counter, int count) {
		if (counter != null) {
			counter.increment(count);
		}
	}

	void beyondLimit(String metric, int dropped, int folded) {
		if (dropped > 0) {
			counter(this.dropped, DROPPED_METRIC,
					"Series that callbacks observed beyond the cardinality limit and that were dropped", metric)
				.increment(dropped);
		}
		if (folded > 0) {
			counter(this.folded, FOLDED_METRIC, "Series that callbacks observed beyond the cardinality limit and"
					+ " whose values were added up in the metric's overflow series", metric)
				.increment(folded);
		}
	}

	private Counter counter(Map<String, Counter> counters, String name, String description, String metric) {
		return counters.computeIfAbsent(metric,
				(key) -> Counter.builder(name).description(description).tag("metric", key).register(this.registry));
	}

	/**
	 * Removes the meter of a metric no callback declares any more.
	 */
	void forget(String metric) {
		for (Map<String, Counter> counters : List.of(this.dropped, this.folded)) {
			Counter counter = counters.remove(metric);
			if (counter != null) {
				this.registry.remove(counter);
			}
		}
	}

	public void remove() {
		for (Meter meter : new Meter[] { this.exceptions, this.timeouts, this.invalid, this.scrapeWait,
				this.timeout }) {
			if (meter != null) {
				this.registry.remove(meter);
			}
		}
		for (Map<String, Counter> counters : List.of(this.dropped, this.folded)) {
			counters.values().forEach(this.registry::remove);
			counters.clear();
		}
	}

}
