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

/**
 * The series every implementation exports, so that their scrapes are the same text: the
 * same names, labels and values, whatever produced them.
 * <ul>
 * <li>{@link Layout#SINGLE}: {@code n} metrics of one series each and no labels,
 * {@code bench.single.<i>} with the value {@code i}; even {@code i} are gauges, odd ones
 * counters.</li>
 * <li>{@link Layout#MULTI}: ten gauges {@code bench.multi.<m>} of {@code n / 10} series
 * each, with one label {@code series="<s>"} and the value {@code m * n / 10 + s}.</li>
 * <li>{@link Layout#ROWS}: one gauge {@code bench.rows} of {@code n} series, with one
 * label {@code key="<s>"} and the value {@code s}.</li>
 * </ul>
 *
 * @author The Observable Metrics team
 */
public final class BenchmarkSeries {

	/**
	 * The description of every metric, exported as HELP.
	 */
	public static final String DESCRIPTION = "A benchmark series";

	/**
	 * How many metrics share the series of {@link Layout#MULTI}.
	 */
	public static final int MULTI_METRICS = 10;

	/**
	 * The label of the series of {@link Layout#MULTI}.
	 */
	public static final String LABEL = "series";

	/**
	 * The Micrometer name of the one metric of {@link Layout#ROWS}.
	 */
	public static final String ROWS_NAME = "bench.rows";

	/**
	 * The label of the series of {@link Layout#ROWS}.
	 */
	public static final String ROWS_LABEL = "key";

	private BenchmarkSeries() {
	}

	/**
	 * How the series are spread over metrics.
	 */
	public enum Layout {

		/**
		 * One series per metric.
		 */
		SINGLE,

		/**
		 * Ten metrics of many labelled series.
		 */
		MULTI,

		/**
		 * One metric of all the series, labelled.
		 */
		ROWS

	}

	/**
	 * The Micrometer name of a metric of {@link Layout#SINGLE}.
	 * @param i the metric
	 * @return the name
	 */
	public static String singleName(int i) {
		return "bench.single." + i;
	}

	/**
	 * Whether a metric of {@link Layout#SINGLE} is a counter.
	 * @param i the metric
	 * @return whether it is a counter rather than a gauge
	 */
	public static boolean isCounter(int i) {
		return i % 2 == 1;
	}

	/**
	 * The Micrometer name of a metric of {@link Layout#MULTI}.
	 * @param m the metric
	 * @return the name
	 */
	public static String multiName(int m) {
		return "bench.multi." + m;
	}

	/**
	 * The value of a series of {@link Layout#MULTI}.
	 * @param m the metric
	 * @param s the series
	 * @param perMetric how many series each metric has
	 * @return the value
	 */
	public static double multiValue(int m, int s, int perMetric) {
		return m * perMetric + s;
	}

	/**
	 * The label values of the series of {@link Layout#MULTI}.
	 * @param perMetric how many series each metric has
	 * @return one label value per series
	 */
	public static String[] labels(int perMetric) {
		String[] labels = new String[perMetric];
		for (int s = 0; s < perMetric; s++) {
			labels[s] = Integer.toString(s);
		}
		return labels;
	}

	/**
	 * The sample lines a scrape shows, sorted.
	 * @param layout the layout
	 * @param series the number of series
	 * @return the sample lines
	 */
	public static List<String> expectedSamples(Layout layout, int series) {
		List<String> samples = new ArrayList<>(series);
		if (layout == Layout.SINGLE) {
			for (int i = 0; i < series; i++) {
				String name = singleName(i).replace('.', '_') + (isCounter(i) ? "_total" : "");
				samples.add(name + " " + (double) i);
			}
		}
		else if (layout == Layout.ROWS) {
			String name = ROWS_NAME.replace('.', '_');
			for (int s = 0; s < series; s++) {
				samples.add(name + "{" + ROWS_LABEL + "=\"" + s + "\"} " + (double) s);
			}
		}
		else {
			int perMetric = series / MULTI_METRICS;
			for (int m = 0; m < MULTI_METRICS; m++) {
				for (int s = 0; s < perMetric; s++) {
					samples.add(multiName(m).replace('.', '_') + "{" + LABEL + "=\"" + s + "\"} "
							+ multiValue(m, s, perMetric));
				}
			}
		}
		Collections.sort(samples);
		return samples;
	}

	/**
	 * The sample lines of a scrape, sorted: every line that is not a comment.
	 * @param scrape the scrape
	 * @return the sample lines
	 */
	public static List<String> samples(String scrape) {
		List<String> samples = new ArrayList<>();
		for (String line : scrape.split("\n")) {
			if (!line.isEmpty() && !line.startsWith("#")) {
				samples.add(line);
			}
		}
		Collections.sort(samples);
		return samples;
	}

	/**
	 * Checks that a scrape shows exactly the expected series, so that the implementations
	 * compared do the same work.
	 * @param layout the layout
	 * @param series the number of series
	 * @param scrape the scrape
	 * @param selfMetrics whether the scrape also has the starter's own metrics
	 * @throws IllegalStateException when it does not
	 */
	public static void check(Layout layout, int series, String scrape, boolean selfMetrics) {
		List<String> expected = expectedSamples(layout, series);
		List<String> actual = samples(scrape);
		if (selfMetrics) {
			actual.removeIf((line) -> line.startsWith("observable_metrics_"));
		}
		if (!actual.equals(expected)) {
			List<String> missing = new ArrayList<>(expected);
			missing.removeAll(actual);
			List<String> unexpected = new ArrayList<>(actual);
			unexpected.removeAll(expected);
			throw new IllegalStateException("The scrape differs from the expected " + expected.size() + " series: "
					+ "missing " + head(missing) + ", unexpected " + head(unexpected));
		}
	}

	private static List<String> head(List<String> lines) {
		return lines.subList(0, Math.min(5, lines.size()));
	}

}
