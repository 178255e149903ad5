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

import io.github.observablemetrics.MetricObserver;
import io.github.observablemetrics.ObservableMetric;

/**
 * The series of {@link BenchmarkSeries.Layout#MULTI} reported by observer callbacks, in
 * the two ways an application can write them.
 *
 * @author The Observable Metrics team
 */
public final class MultiSeriesCallbacks {

	private MultiSeriesCallbacks() {
	}

	/**
	 * What both kinds of callback read: the values and label values of the series.
	 */
	abstract static class Source {

		private final String[] names = new String[BenchmarkSeries.MULTI_METRICS];

		private final String[] labels;

		private final double[][] values;

		Source(int series) {
			int perMetric = series / BenchmarkSeries.MULTI_METRICS;
			this.labels = BenchmarkSeries.labels(perMetric);
			this.values = new double[BenchmarkSeries.MULTI_METRICS][perMetric];
			for (int m = 0; m < BenchmarkSeries.MULTI_METRICS; m++) {
				this.names[m] = BenchmarkSeries.multiName(m);
				for (int s = 0; s < perMetric; s++) {
					this.values[m][s] = BenchmarkSeries.multiValue(m, s, perMetric);
				}
			}
		}

		void report(int metric, MetricObserver observer) {
			String name = this.names[metric];
			double[] values = this.values[metric];
			for (int s = 0; s < values.length; s++) {
				observer.observe(name, values[s], BenchmarkSeries.LABEL, this.labels[s]);
			}
		}

	}

	/**
	 * One method that reports every series of the ten metrics.
	 */
	public static class OneMethod extends Source {

		public OneMethod(int series) {
			super(series);
		}

		@ObservableMetric(name = "bench.multi.0", description = BenchmarkSeries.DESCRIPTION)
		@ObservableMetric(name = "bench.multi.1", description = BenchmarkSeries.DESCRIPTION)
		@ObservableMetric(name = "bench.multi.2", description = BenchmarkSeries.DESCRIPTION)
		@ObservableMetric(name = "bench.multi.3", description = BenchmarkSeries.DESCRIPTION)
		@ObservableMetric(name = "bench.multi.4", description = BenchmarkSeries.DESCRIPTION)
		@ObservableMetric(name = "bench.multi.5", description = BenchmarkSeries.DESCRIPTION)
		@ObservableMetric(name = "bench.multi.6", description = BenchmarkSeries.DESCRIPTION)
		@ObservableMetric(name = "bench.multi.7", description = BenchmarkSeries.DESCRIPTION)
		@ObservableMetric(name = "bench.multi.8", description = BenchmarkSeries.DESCRIPTION)
		@ObservableMetric(name = "bench.multi.9", description = BenchmarkSeries.DESCRIPTION)
		public void all(MetricObserver observer) {
			for (int m = 0; m < BenchmarkSeries.MULTI_METRICS; m++) {
				report(m, observer);
			}
		}

	}

	/**
	 * Ten methods, each reporting the series of one metric.
	 */
	public static class TenMethods extends Source {

		public TenMethods(int series) {
			super(series);
		}

		@ObservableMetric(name = "bench.multi.0", description = BenchmarkSeries.DESCRIPTION)
		public void metric0(MetricObserver observer) {
			report(0, observer);
		}

		@ObservableMetric(name = "bench.multi.1", description = BenchmarkSeries.DESCRIPTION)
		public void metric1(MetricObserver observer) {
			report(1, observer);
		}

		@ObservableMetric(name = "bench.multi.2", description = BenchmarkSeries.DESCRIPTION)
		public void metric2(MetricObserver observer) {
			report(2, observer);
		}

		@ObservableMetric(name = "bench.multi.3", description = BenchmarkSeries.DESCRIPTION)
		public void metric3(MetricObserver observer) {
			report(3, observer);
		}

		@ObservableMetric(name = "bench.multi.4", description = BenchmarkSeries.DESCRIPTION)
		public void metric4(MetricObserver observer) {
			report(4, observer);
		}

		@ObservableMetric(name = "bench.multi.5", description = BenchmarkSeries.DESCRIPTION)
		public void metric5(MetricObserver observer) {
			report(5, observer);
		}

		@ObservableMetric(name = "bench.multi.6", description = BenchmarkSeries.DESCRIPTION)
		public void metric6(MetricObserver observer) {
			report(6, observer);
		}

		@ObservableMetric(name = "bench.multi.7", description = BenchmarkSeries.DESCRIPTION)
		public void metric7(MetricObserver observer) {
			report(7, observer);
		}

		@ObservableMetric(name = "bench.multi.8", description = BenchmarkSeries.DESCRIPTION)
		public void metric8(MetricObserver observer) {
			report(8, observer);
		}

		@ObservableMetric(name = "bench.multi.9", description = BenchmarkSeries.DESCRIPTION)
		public void metric9(MetricObserver observer) {
			report(9, observer);
		}

	}

}
