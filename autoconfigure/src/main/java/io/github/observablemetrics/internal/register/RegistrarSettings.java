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

package io.github.observablemetrics.internal.register;

import io.github.observablemetrics.internal.declare.CallbackDeclaration;
import io.github.observablemetrics.internal.report.CallbackMeters;
import io.github.observablemetrics.internal.declare.MetricDeclaration;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the registrar needs from the configuration properties.
 *
 * @param callbackTimeout how long a read waits for a callback
 * @param maxSeriesPerMetric how many series one metric keeps in one run
 * @param callbackThreads how many threads run callbacks
 * @param selfMetrics whether to register the self-metrics
 * @param selfMetricsCallbacks which callbacks get meters of their own, and which
 * @param virtualThreads whether callbacks run on virtual threads
 * @param metrics per-metric settings by metric name
 */
public record RegistrarSettings(Duration callbackTimeout, int maxSeriesPerMetric, int callbackThreads,
		boolean selfMetrics, CallbackMeters selfMetricsCallbacks, boolean virtualThreads,
		Map<String, MetricSettings> metrics, Map<String, Boolean> metricsEnable) {

	/**
	 * Settings of one metric.
	 *
	 * @param callbackTimeout the timeout, or {@code null} for the default
	 * @param cacheFor how long to reuse a result, or {@code null} for never
	 */
	public record MetricSettings(@Nullable Duration callbackTimeout, @Nullable Duration cacheFor) {

		/**
		 * The names of the per-metric properties, as
		 * {@code observable-metrics.metrics[<name>].<property>} spells them.
		 */

	}

	/**
	 * What disables a metric that the registry denies: Spring Boot's
	 * {@code management.metrics.enable} property for the longest prefix of its name that
	 * has one, as Boot's own filter looks it up, or another {@code MeterFilter}.
	 * @param metric the metric's name
	 * @return a description for the endpoint
	 */
	String disabledBy(String metric) {
		for (String prefix = metric; !prefix.isEmpty(); prefix = prefix.contains(".")
				? prefix.substring(0, prefix.lastIndexOf('.')) : "") {
			Boolean enabled = this.metricsEnable.get(prefix);
			if (enabled != null) {
				return enabled ? "MeterFilter" : "management.metrics.enable." + prefix + "=false";
			}
		}
		return Boolean.FALSE.equals(this.metricsEnable.get("all")) ? "management.metrics.enable.all=false"
				: "MeterFilter";
	}

	Duration timeoutOf(CallbackDeclaration declaration) {
		Duration timeout = null;
		for (MetricDeclaration metric : declaration.metrics()) {
			MetricSettings settings = this.metrics.get(metric.name());
			if (settings != null && settings.callbackTimeout() != null
					&& (timeout == null || settings.callbackTimeout().compareTo(timeout) > 0)) {
				timeout = settings.callbackTimeout();
			}
		}
		return (timeout != null) ? timeout : this.callbackTimeout;
	}

	Duration cacheForOf(CallbackDeclaration declaration) {
		Duration cacheFor = Duration.ZERO;
		for (MetricDeclaration metric : declaration.metrics()) {
			MetricSettings settings = this.metrics.get(metric.name());
			if (settings != null && settings.cacheFor() != null && settings.cacheFor().compareTo(cacheFor) > 0) {
				cacheFor = settings.cacheFor();
			}
		}
		return cacheFor;
	}

}
