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
import java.util.Collections;
import java.util.List;

import io.github.observablemetrics.MetricObserver;
import io.github.observablemetrics.ObservableMetric;

/**
 * The series of {@link BenchmarkSeries.Layout#ROWS} from one method, in the two ways an
 * application can write it: returning its rows, or reporting them to an observer. Both
 * read the same list of records, built once, so that what differs is only how the starter
 * turns them into series.
 *
 * @author The Observable Metrics team
 */
public final class RowsCallbacks {

	private RowsCallbacks() {
	}

	/**
	 * One row: its key is the series' label, its one number the value.
	 *
	 * @param key the label value
	 * @param value the value
	 */
	public record Row(String key, double value) {
	}

	/**
	 * What both kinds of callback read.
	 */
	abstract static class Source {

		final List<Row> rows;

		Source(int series) {
			String[] keys = BenchmarkSeries.labels(series);
			List<Row> rows = new ArrayList<>(series);
			for (int s = 0; s < series; s++) {
				rows.add(new Row(keys[s], s));
			}
			this.rows = Collections.unmodifiableList(rows);
		}

	}

	/**
	 * A method returning its rows, each a series.
	 */
	public static class Rows extends Source {

		public Rows(int series) {
			super(series);
		}

		@ObservableMetric(name = BenchmarkSeries.ROWS_NAME, description = BenchmarkSeries.DESCRIPTION)
		public List<Row> rows() {
			return this.rows;
		}

	}

	/**
	 * An observer method reporting the same rows.
	 */
	public static class Observer extends Source {

		public Observer(int series) {
			super(series);
		}

		@ObservableMetric(name = BenchmarkSeries.ROWS_NAME, description = BenchmarkSeries.DESCRIPTION)
		public void rows(MetricObserver observer) {
			for (Row row : this.rows) {
				observer.observe(row.value(), BenchmarkSeries.ROWS_LABEL, row.key());
			}
		}

	}

}
