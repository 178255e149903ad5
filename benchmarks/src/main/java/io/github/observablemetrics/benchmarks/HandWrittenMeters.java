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

import java.util.ArrayList;
import java.util.List;

import io.github.observablemetrics.benchmarks.GeneratedCallbacks.MethodReference;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The floor: the series as hand-written Micrometer {@link Gauge}s (with strong
 * references) and {@link FunctionCounter}s.
 *
 * @author The Observable Metrics team
 */
public final class HandWrittenMeters {

	private HandWrittenMeters() {
	}

	/**
	 * Registers a meter per method reference, as
	 * {@code Gauge.builder("bench.single.42", bean, SingleSeriesCallbacks::m42)} does.
	 * @param registry the registry
	 * @param methods the method references of {@link BenchmarkSeries.Layout#SINGLE},
	 * which the caller keeps (a {@link FunctionCounter} references its object weakly)
	 */
	public static void registerSingle(MeterRegistry registry, List<MethodReference> methods) {
		for (int i = 0; i < methods.size(); i++) {
			MethodReference method = methods.get(i);
			if (BenchmarkSeries.isCounter(i)) {
				FunctionCounter.builder(BenchmarkSeries.singleName(i), method.bean(), method.function())
					.description(BenchmarkSeries.DESCRIPTION)
					.register(registry);
			}
			else {
				Gauge.builder(BenchmarkSeries.singleName(i), method.bean(), method.function())
					.description(BenchmarkSeries.DESCRIPTION)
					.strongReference(true)
					.register(registry);
			}
		}
	}

	/**
	 * Registers the meters of {@link BenchmarkSeries.Layout#SINGLE} over objects of their
	 * own, all read by one function ({@code Value::get}): the same text, with one
	 * function the JIT compiler sees at every call instead of one per metric.
	 * @param registry the registry
	 * @param series the number of series
	 * @return the objects the meters read, which the caller keeps
	 */
	public static List<Value> registerSingleWithOneFunction(MeterRegistry registry, int series) {
		List<Value> values = new ArrayList<>(series);
		for (int i = 0; i < series; i++) {
			Value value = new Value(i);
			values.add(value);
			if (BenchmarkSeries.isCounter(i)) {
				FunctionCounter.builder(BenchmarkSeries.singleName(i), value, Value::get)
					.description(BenchmarkSeries.DESCRIPTION)
					.register(registry);
			}
			else {
				Gauge.builder(BenchmarkSeries.singleName(i), value, Value::get)
					.description(BenchmarkSeries.DESCRIPTION)
					.strongReference(true)
					.register(registry);
			}
		}
		return values;
	}

	/**
	 * Registers the meters of {@link BenchmarkSeries.Layout#MULTI}: a gauge per series.
	 * @param registry the registry
	 * @param series the number of series
	 * @return the objects the meters read, which the caller keeps
	 */
	public static List<Value> registerMulti(MeterRegistry registry, int series) {
		List<Value> values = new ArrayList<>(series);
		int perMetric = series / BenchmarkSeries.MULTI_METRICS;
		String[] labels = BenchmarkSeries.labels(perMetric);
		for (int m = 0; m < BenchmarkSeries.MULTI_METRICS; m++) {
			for (int s = 0; s < perMetric; s++) {
				Value value = new Value(BenchmarkSeries.multiValue(m, s, perMetric));
				values.add(value);
				Gauge.builder(BenchmarkSeries.multiName(m), value, Value::get)
					.description(BenchmarkSeries.DESCRIPTION)
					.tag(BenchmarkSeries.LABEL, labels[s])
					.strongReference(true)
					.register(registry);
			}
		}
		return values;
	}

	/**
	 * Registers the meters of {@link BenchmarkSeries.Layout#ROWS}: a gauge per series,
	 * all of one name.
	 * @param registry the registry
	 * @param series the number of series
	 * @return the objects the meters read, which the caller keeps
	 */
	public static List<Value> registerRows(MeterRegistry registry, int series) {
		List<Value> values = new ArrayList<>(series);
		String[] keys = BenchmarkSeries.labels(series);
		for (int s = 0; s < series; s++) {
			Value value = new Value(s);
			values.add(value);
			Gauge.builder(BenchmarkSeries.ROWS_NAME, value, Value::get)
				.description(BenchmarkSeries.DESCRIPTION)
				.tag(BenchmarkSeries.ROWS_LABEL, keys[s])
				.strongReference(true)
				.register(registry);
		}
		return values;
	}

	/**
	 * The application state one meter reads.
	 */
	public static final class Value {

		private final double value;

		Value(double value) {
			this.value = value;
		}

		double get() {
			return this.value;
		}

	}

}
