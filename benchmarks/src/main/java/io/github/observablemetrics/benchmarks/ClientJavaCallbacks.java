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
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The series as Prometheus client_java {@link GaugeWithCallback}s and
 * {@link CounterWithCallback}s on a plain {@link PrometheusRegistry}.
 *
 * @author The Observable Metrics team
 */
public final class ClientJavaCallbacks {

	private ClientJavaCallbacks() {
	}

	/**
	 * Registers a metric per method reference of {@link BenchmarkSeries.Layout#SINGLE}.
	 * @param methods the method references
	 * @return the registry
	 */
	public static PrometheusRegistry registerSingle(List<MethodReference> methods) {
		PrometheusRegistry registry = new PrometheusRegistry();
		for (int i = 0; i < methods.size(); i++) {
			MethodReference method = methods.get(i);
			String name = BenchmarkSeries.singleName(i).replace('.', '_');
			if (BenchmarkSeries.isCounter(i)) {
				CounterWithCallback.builder()
					.name(name)
					.help(BenchmarkSeries.DESCRIPTION)
					.callback((callback) -> callback.call(method.read()))
					.register(registry);
			}
			else {
				GaugeWithCallback.builder()
					.name(name)
					.help(BenchmarkSeries.DESCRIPTION)
					.callback((callback) -> callback.call(method.read()))
					.register(registry);
			}
		}
		return registry;
	}

	/**
	 * Registers the metrics of {@link BenchmarkSeries.Layout#MULTI}: ten gauges whose
	 * callbacks report their series.
	 * @param series the number of series
	 * @return the registry
	 */
	public static PrometheusRegistry registerMulti(int series) {
		PrometheusRegistry registry = new PrometheusRegistry();
		int perMetric = series / BenchmarkSeries.MULTI_METRICS;
		String[] labels = BenchmarkSeries.labels(perMetric);
		for (int m = 0; m < BenchmarkSeries.MULTI_METRICS; m++) {
			double[] values = new double[perMetric];
			for (int s = 0; s < perMetric; s++) {
				values[s] = BenchmarkSeries.multiValue(m, s, perMetric);
			}
			GaugeWithCallback.builder()
				.name(BenchmarkSeries.multiName(m).replace('.', '_'))
				.help(BenchmarkSeries.DESCRIPTION)
				.labelNames(BenchmarkSeries.LABEL)
				.callback((callback) -> {
					for (int s = 0; s < values.length; s++) {
						callback.call(values[s], labels[s]);
					}
				})
				.register(registry);
		}
		return registry;
	}

	/**
	 * One scrape to Prometheus text.
	 * @param registry the registry
	 * @return the text
	 */
	public static String scrape(PrometheusRegistry registry) {
		return PrometheusText.scrape(registry);
	}

}
