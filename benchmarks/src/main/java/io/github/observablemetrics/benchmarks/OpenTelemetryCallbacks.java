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

package io.github.observablemetrics.benchmarks;

import java.util.List;

import io.github.observablemetrics.benchmarks.GeneratedCallbacks.MethodReference;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The series as asynchronous instruments of the OpenTelemetry SDK
 * ({@code buildWithCallback}), read by its Prometheus exporter's
 * {@link PrometheusMetricReader}, which its HTTP server registers in a
 * {@link PrometheusRegistry} as this does. The scope labels and {@code target_info} are
 * off, so that the text has the same series as the others.
 *
 * @author The Observable Metrics team
 */
public final class OpenTelemetryCallbacks implements AutoCloseable {

	private final SdkMeterProvider provider;

	private final PrometheusRegistry registry = new PrometheusRegistry();

	private final Meter meter;

	private OpenTelemetryCallbacks() {
		PrometheusMetricReader reader = PrometheusMetricReader.builder()
			.setOtelScopeLabelsEnabled(false)
			.setTargetInfoMetricEnabled(false)
			.build();
		this.provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
		this.registry.register(reader);
		this.meter = this.provider.get("bench");
	}

	/**
	 * Registers an instrument per method reference of
	 * {@link BenchmarkSeries.Layout#SINGLE}.
	 * @param methods the method references
	 * @return the instruments
	 */
	public static OpenTelemetryCallbacks registerSingle(List<MethodReference> methods) {
		OpenTelemetryCallbacks callbacks = new OpenTelemetryCallbacks();
		for (int i = 0; i < methods.size(); i++) {
			MethodReference method = methods.get(i);
			if (BenchmarkSeries.isCounter(i)) {
				callbacks.meter.counterBuilder(BenchmarkSeries.singleName(i))
					.setDescription(BenchmarkSeries.DESCRIPTION)
					.ofDoubles()
					.buildWithCallback((measurement) -> measurement.record(method.read()));
			}
			else {
				callbacks.meter.gaugeBuilder(BenchmarkSeries.singleName(i))
					.setDescription(BenchmarkSeries.DESCRIPTION)
					.buildWithCallback((measurement) -> measurement.record(method.read()));
			}
		}
		return callbacks;
	}

	/**
	 * Registers the instruments of {@link BenchmarkSeries.Layout#MULTI}: ten gauges whose
	 * callbacks report their series.
	 * @param series the number of series
	 * @return the instruments
	 */
	public static OpenTelemetryCallbacks registerMulti(int series) {
		OpenTelemetryCallbacks callbacks = new OpenTelemetryCallbacks();
		int perMetric = series / BenchmarkSeries.MULTI_METRICS;
		String[] labels = BenchmarkSeries.labels(perMetric);
		Attributes[] attributes = new Attributes[perMetric];
		for (int s = 0; s < perMetric; s++) {
			attributes[s] = Attributes.of(AttributeKey.stringKey(BenchmarkSeries.LABEL), labels[s]);
		}
		for (int m = 0; m < BenchmarkSeries.MULTI_METRICS; m++) {
			double[] values = new double[perMetric];
			for (int s = 0; s < perMetric; s++) {
				values[s] = BenchmarkSeries.multiValue(m, s, perMetric);
			}
			callbacks.meter.gaugeBuilder(BenchmarkSeries.multiName(m))
				.setDescription(BenchmarkSeries.DESCRIPTION)
				.buildWithCallback((measurement) -> {
					for (int s = 0; s < values.length; s++) {
						measurement.record(values[s], attributes[s]);
					}
				});
		}
		return callbacks;
	}

	/**
	 * One scrape to Prometheus text.
	 * @return the text
	 */
	public String scrape() {
		return PrometheusText.scrape(this.registry);
	}

	@Override
	public void close() {
		this.provider.close();
	}

}
