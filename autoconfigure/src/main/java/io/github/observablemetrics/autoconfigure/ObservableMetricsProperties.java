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

package io.github.observablemetrics.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.util.Assert;

/**
 * Configuration properties for {@link io.github.observablemetrics.ObservableMetric}
 * callbacks.
 *
 * @author The Observable Metrics team
 * @since 0.1.0
 */
@ConfigurationProperties("observable-metrics")
public class ObservableMetricsProperties {

	/**
	 * Whether to turn @ObservableMetric methods into meters.
	 */
	private boolean enabled = true;

	/**
	 * Longest time a read waits for a callback. A callback that takes longer reports as a
	 * failed one does (gauges NaN, counters their last value) and is not started again
	 * while it runs.
	 */
	private Duration callbackTimeout = Duration.ofSeconds(5);

	/**
	 * Maximum number of series one metric keeps in one read. Further series are dropped
	 * and counted in observable.metrics.series.dropped.
	 */
	private int maxSeriesPerMetric = 2000;

	/**
	 * Maximum number of callbacks running at once, each on a thread of its own. A run
	 * that timed out no longer counts while it still holds its thread, so fewer than this
	 * many hung callbacks never delay the others.
	 */
	private int callbackThreads = 16;

	/**
	 * Time a Prometheus scrape keeps for writing its response: it waits for callbacks at
	 * most the scrape timeout Prometheus sends (X-Prometheus-Scrape-Timeout-Seconds) less
	 * this margin, or half that timeout when it is not longer than the margin.
	 */
	private Duration scrapeDeadlineMargin = Duration.ofMillis(500);

	/**
	 * Whether a Prometheus scrape builds the metric families whose meters all read
	 * @ObservableMetric series from their published values, with the labels and metadata
	 * Micrometer gave them, rather than reading each meter through Micrometer. The output
	 * is the same; the meters stay registered for every other reader.
	 */
	private boolean prometheusSnapshots = true;

	private final SelfMetrics selfMetrics = new SelfMetrics();

	/**
	 * Per-metric settings, keyed by metric name. Put a name with dots in brackets:
	 * observable-metrics.metrics[orders.queue.size].cache-for=10s.
	 */
	private final Map<String, Metric> metrics = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getCallbackTimeout() {
		return this.callbackTimeout;
	}

	public void setCallbackTimeout(Duration callbackTimeout) {
		assertPositive(callbackTimeout, "callback-timeout");
		this.callbackTimeout = callbackTimeout;
	}

	public int getMaxSeriesPerMetric() {
		return this.maxSeriesPerMetric;
	}

	public void setMaxSeriesPerMetric(int maxSeriesPerMetric) {
		Assert.isTrue(maxSeriesPerMetric > 0,
				() -> "max-series-per-metric must be at least 1, not " + maxSeriesPerMetric);
		this.maxSeriesPerMetric = maxSeriesPerMetric;
	}

	public int getCallbackThreads() {
		return this.callbackThreads;
	}

	public void setCallbackThreads(int callbackThreads) {
		Assert.isTrue(callbackThreads > 0, () -> "callback-threads must be at least 1, not " + callbackThreads);
		this.callbackThreads = callbackThreads;
	}

	public Duration getScrapeDeadlineMargin() {
		return this.scrapeDeadlineMargin;
	}

	public void setScrapeDeadlineMargin(Duration scrapeDeadlineMargin) {
		Assert.isTrue(scrapeDeadlineMargin != null && !scrapeDeadlineMargin.isNegative(),
				() -> "observable-metrics.scrape-deadline-margin must not be negative, not " + scrapeDeadlineMargin);
		this.scrapeDeadlineMargin = scrapeDeadlineMargin;
	}

	public boolean isPrometheusSnapshots() {
		return this.prometheusSnapshots;
	}

	public void setPrometheusSnapshots(boolean prometheusSnapshots) {
		this.prometheusSnapshots = prometheusSnapshots;
	}

	public SelfMetrics getSelfMetrics() {
		return this.selfMetrics;
	}

	public Map<String, Metric> getMetrics() {
		return this.metrics;
	}

	private static void assertPositive(@Nullable Duration duration, String property) {
		Assert.isTrue(duration != null && duration.compareTo(Duration.ZERO) > 0,
				() -> property + " must be longer than zero, not " + duration);
	}

	/**
	 * The starter's own metrics.
	 */
	public static class SelfMetrics {

		/**
		 * Whether to register the starter's own metrics: errors by reason, dropped and
		 * folded series, how long scrapes wait, and the meters of the callbacks chosen by
		 * observable-metrics.self-metrics.callbacks.
		 */
		private boolean enabled = true;

		/**
		 * Which callbacks have an up and a duration gauge of their own: 'failed' gives
		 * them to a callback at its first failed or timed-out run, and it keeps them;
		 * 'all' to every callback; 'full' to every callback, with a run timer and error
		 * counters besides.
		 */
		private Callbacks callbacks = Callbacks.FAILED;

		/**
		 * Whether each callback also gets a run timer and error counters of its own.
		 */
		private boolean perCallback;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Callbacks getCallbacks() {
			return this.callbacks;
		}

		public void setCallbacks(Callbacks callbacks) {
			this.callbacks = callbacks;
		}

		/**
		 * Whether each callback also gets a run timer and error counters of its own.
		 * @return whether it does
		 * @deprecated in favour of {@code observable-metrics.self-metrics.callbacks=full}
		 */
		@Deprecated(since = "0.1.0")
		@DeprecatedConfigurationProperty(replacement = "observable-metrics.self-metrics.callbacks",
				reason = "'callbacks' also chooses between meters for the failed callbacks only and for all")
		public boolean isPerCallback() {
			return this.perCallback;
		}

		@Deprecated(since = "0.1.0")
		public void setPerCallback(boolean perCallback) {
			this.perCallback = perCallback;
		}

		/**
		 * Which callbacks have meters of their own, and which.
		 */
		public enum Callbacks {

			/**
			 * A callback gets an up and a duration gauge at its first failed or timed-out
			 * run, and keeps them: a healthy application exports no series per callback.
			 */
			FAILED,

			/**
			 * Every callback has an up and a duration gauge.
			 */
			ALL,

			/**
			 * Every callback has an up and a duration gauge, a run timer and error
			 * counters.
			 */
			FULL

		}

	}

	/**
	 * Settings of one metric.
	 */
	public static class Metric {

		/**
		 * Longest time a read waits for the metric's callback, instead of
		 * observable-metrics.callback-timeout.
		 */
		private @Nullable Duration callbackTimeout;

		/**
		 * How long reads reuse the last result of the metric's callback. Zero runs it at
		 * every read. For a callback that feeds several metrics, the longest window of
		 * its metrics applies.
		 */
		private Duration cacheFor = Duration.ZERO;

		public @Nullable Duration getCallbackTimeout() {
			return this.callbackTimeout;
		}

		public void setCallbackTimeout(@Nullable Duration callbackTimeout) {
			if (callbackTimeout != null) {
				assertPositive(callbackTimeout, "callback-timeout");
			}
			this.callbackTimeout = callbackTimeout;
		}

		public Duration getCacheFor() {
			return this.cacheFor;
		}

		public void setCacheFor(Duration cacheFor) {
			Assert.isTrue(cacheFor != null && !cacheFor.isNegative(),
					() -> "cache-for must be zero or longer, not " + cacheFor);
			this.cacheFor = cacheFor;
		}

	}

}
