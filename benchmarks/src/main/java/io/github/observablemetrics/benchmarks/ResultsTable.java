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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * Prints the results of a run as Markdown tables with the ratios the targets are about:
 * {@code java -cp benchmarks.jar io.github.observablemetrics.benchmarks.ResultsTable
 * jmh-result.csv retained-heap.csv startup.csv}: JMH's CSV output ({@code -rf csv}),
 * {@link RetainedHeap}'s and {@link StartupTimes}'.
 *
 * @author The Observable Metrics team
 */
public final class ResultsTable {

	private static final String[] SERIES = { "100", "1000", "10000" };

	private static final String[][] SINGLE = { { "singleStarter", "Starter, annotated methods" },
			{ "singleStarterCallbacksOnly", "Starter, its callback phase alone (runs, no read)" },
			{ "singleStarterMicrometerRead", "Starter, Micrometer reading its meters (`prometheus-snapshots=false`)" },
			{ "singleStarterSelfMetrics", "Starter, default settings (self-metrics on)" },
			{ "singleMicrometer", "Hand-written Micrometer meters (the floor)" },
			{ "singleMicrometerOneFunction", "Hand-written, one shared function" },
			{ "singleClientJava", "client_java `GaugeWithCallback`/`CounterWithCallback`" },
			{ "singleOpenTelemetry", "OpenTelemetry SDK asynchronous instruments" } };

	private static final String[][] MULTI = { { "multiStarterOneMethod", "Starter, one method for all series" },
			{ "multiStarterMicrometerRead", "Starter, one method, Micrometer reading its meters" },
			{ "multiStarterTenMethods", "Starter, one method per metric" },
			{ "multiStarterSelfMetrics", "Starter, one method per metric, default settings" },
			{ "multiMicrometer", "Hand-written Micrometer gauges (the floor)" },
			{ "multiClientJava", "client_java `GaugeWithCallback`" },
			{ "multiOpenTelemetry", "OpenTelemetry SDK asynchronous gauges" } };

	private static final String[][] ROWS = { { "rowsStarter", "Starter, one method returning its rows" },
			{ "rowsStarterMicrometerRead", "Starter, rows, Micrometer reading its meters" },
			{ "rowsStarterObserver", "Starter, one observer method" },
			{ "rowsMicrometer", "Hand-written Micrometer gauges (the floor)" } };

	private final Map<String, Row> rows;

	private final Map<String, Double> heap;

	private final Map<String, double[]> startup;

	private final List<String> targets = new ArrayList<>();

	private ResultsTable(Map<String, Row> rows, Map<String, Double> heap, Map<String, double[]> startup) {
		this.rows = rows;
		this.heap = heap;
		this.startup = startup;
	}

	public static void main(String[] args) throws IOException {
		Map<String, Row> rows = readJmh(Path.of(args[0]));
		Map<String, Double> heap = new HashMap<>();
		readCsv(args, 1).forEach((name, figures) -> heap.put(name, figures[1]));
		new ResultsTable(rows, heap, readCsv(args, 2)).print();
	}

	private void print() {
		System.out.println("## Scrape to Prometheus text");
		scrape("Single-series metrics: n metrics of one series each (half gauges, half counters)", SINGLE,
				"singleMicrometer");
		scrape("Many series: ten gauges of n / 10 labelled series each", MULTI, "multiMicrometer");
		scrape("Rows: one gauge of n labelled series from one method", ROWS, "rowsMicrometer");
		rowsTarget();
		dispatch();
		startup();
		memory();
		System.out.println();
		System.out.println("## Targets");
		System.out.println();
		this.targets.forEach((target) -> System.out.println("- " + target));
	}

	private void scrape(String title, String[][] implementations, String floor) {
		System.out.println();
		System.out.println("### " + title);
		System.out.println();
		System.out.println("Time per scrape in microseconds (mean ± 99.9% error), and its ratio to the floor:");
		System.out.println();
		table(implementations, floor, "", 1, "%,.0f ± %,.0f");
		if (hasMetric(implementations, "cpu.time.norm")) {
			System.out.println();
			System.out.println("CPU time per scrape of the whole JVM in microseconds (every thread: benchmark,"
					+ " callback threads, JIT compiler, garbage collector), and its ratio to the floor:");
			System.out.println();
			table(implementations, floor, "cpu.time.norm", 1000, "%,.0f ± %,.0f");
		}
		if (hasMetric(implementations, "gc.alloc.rate.norm")) {
			System.out.println();
			System.out.println("Allocation per scrape in KiB, and its ratio to the floor:");
			System.out.println();
			table(implementations, floor, "gc.alloc.rate.norm", 1024, "%,.0f ± %,.0f");
		}
	}

	private boolean hasMetric(String[][] implementations, String metric) {
		for (String series : SERIES) {
			if (this.rows.containsKey(key("ScrapeBenchmark." + implementations[0][0], metric, "series", series))) {
				return true;
			}
		}
		return false;
	}

	private void rowsTarget() {
		Row rows = this.rows.get(key("ScrapeBenchmark.rowsStarter", "", "series", "10000"));
		Row observer = this.rows.get(key("ScrapeBenchmark.rowsStarterObserver", "", "series", "10000"));
		if (rows != null && observer != null) {
			double ratio = rows.score / observer.score;
			this.targets.add(String.format(Locale.ROOT,
					"Rows at most 1.10× the observer method, 10,000 series of one metric: %,.0f against %,.0f µs,"
							+ " %.2f×: %s",
					rows.score, observer.score, ratio, (ratio <= 1.10) ? "**holds**" : "**missed**"));
		}
	}

	private void table(String[][] implementations, String floor, String metric, double divisor, String format) {
		System.out.println("| Implementation | 100 series | 1,000 series | 10,000 series |");
		System.out.println("|---|---:|---:|---:|");
		for (String[] implementation : implementations) {
			StringBuilder line = new StringBuilder("| " + implementation[1] + " |");
			for (String series : SERIES) {
				Row row = this.rows.get(key("ScrapeBenchmark." + implementation[0], metric, "series", series));
				Row base = this.rows.get(key("ScrapeBenchmark." + floor, metric, "series", series));
				if (row == null) {
					line.append(" – |");
					continue;
				}
				line.append(' ').append(String.format(Locale.ROOT, format, row.score / divisor, row.error / divisor));
				if (base != null && !implementation[0].equals(floor)) {
					line.append(String.format(Locale.ROOT, " (%.2f×)", row.score / base.score));
				}
				line.append(" |");
			}
			System.out.println(line);
		}
	}

	private void dispatch() {
		String bench = "CallbackInvokerBenchmark.";
		if (!this.rows.containsKey(key(bench + "directCall", "", "callbacks", "1"))) {
			return;
		}
		System.out.println();
		System.out.println("## One callback dispatch");
		System.out.println();
		System.out.println("Nanoseconds per dispatch of a method returning a double, and the ratios to the"
				+ " hand-written lambda and to a direct call:");
		System.out.println();
		System.out.println("| Dispatch | 1 callback (call sites see one target) | 4 callbacks of 4 classes |");
		System.out.println("|---|---:|---:|");
		String[][] kinds = { { "directCall", "Direct call `bean.value()`" },
				{ "handWrittenLambda", "Hand-written method reference (`ToDoubleFunction`)" },
				{ "generatedInvoker", "Starter's generated invoker" }, { "reflection", "`Method.invoke`" } };
		for (String[] kind : kinds) {
			StringBuilder line = new StringBuilder("| " + kind[1] + " |");
			for (String callbacks : new String[] { "1", "4" }) {
				Row row = this.rows.get(key(bench + kind[0], "", "callbacks", callbacks));
				Row lambda = this.rows.get(key(bench + "handWrittenLambda", "", "callbacks", callbacks));
				Row direct = this.rows.get(key(bench + "directCall", "", "callbacks", callbacks));
				if (row == null || lambda == null || direct == null) {
					line.append(" – |");
					continue;
				}
				line.append(String.format(Locale.ROOT, " %.2f ± %.2f (%.2f× lambda, %.2f× direct) |", row.score,
						row.error, row.score / lambda.score, row.score / direct.score));
				if (kind[0].equals("generatedInvoker")) {
					this.targets.add(String.format(Locale.ROOT,
							"One dispatch at most 1.5× a direct call, %s callback%s: %.2f× the hand-written lambda, "
									+ "%.2f× a direct call: %s",
							callbacks, callbacks.equals("1") ? "" : "s", row.score / lambda.score,
							row.score / direct.score,
							verdict(row.score / direct.score <= 1.5, row.score / lambda.score <= 1.5)));
				}
			}
			System.out.println(line);
		}
	}

	private static String verdict(boolean direct, boolean lambda) {
		if (direct) {
			return "**holds**";
		}
		return lambda ? "**missed** against the direct call, holds against the lambda" : "**missed**";
	}

	private void startup() {
		if (this.startup.isEmpty()) {
			return;
		}
		System.out.println();
		System.out.println("## Start-up");
		System.out.println();
		System.out.println("Milliseconds, the variants taken in turn in each round (median, quartiles and minimum of "
				+ "the rounds after the warm-up), by the wall clock:");
		startupTable("");
		System.out.println();
		System.out.println("and by the CPU time of the thread that starts the application:");
		startupTable("Cpu");
		String clock = this.startup.containsKey("starterOverheadCpu") ? "Cpu" : "";
		String clockName = clock.isEmpty() ? "wall-clock time" : "CPU time";
		double[] without = this.startup.get("plainBeansWithoutStarter" + clock);
		double[] overhead = this.startup.get("starterOverhead" + clock);
		double[] cost = this.startup.get("annotatedMethodsCost" + clock);
		double[] registration = this.startup.get("registration" + clock);
		double percent = overhead[0] / without[0] * 100;
		this.targets.add(String.format(Locale.ROOT,
				"Start-up overhead for 2,000 plain beans at most 3%%: %+.1f ms of %s in the median round, %+.1f%% of"
						+ " the median without the starter (%.1f ms): %s",
				overhead[0], clockName, percent, without[0], (percent <= 3) ? "**holds**" : "**missed**"));
		this.targets.add(String.format(Locale.ROOT,
				"1,000 annotated methods register in under 100 ms: they add %.1f ms of %s to the median start-up;"
						+ " the starter's discovery and registration of them alone takes %.1f ms: %s",
				cost[0], clockName, registration[0],
				(cost[0] < 100 && registration[0] < 100) ? "**holds**" : "**missed**"));
	}

	private void startupTable(String clock) {
		System.out.println();
		System.out.println("| | Median | Quartiles | Minimum |");
		System.out.println("|---|---:|---:|---:|");
		String[][] variants = { { "plainBeansWithoutStarter", "2,000 plain beans, without the starter" },
				{ "plainBeansWithStarter", "2,000 plain beans, with the starter" },
				{ "annotatedMethodsWithStarter", "2,000 plain beans and 1,000 annotated methods" },
				{ "registration", "The starter's discovery and registration of 1,000 methods alone" },
				{ "starterOverhead", "Difference within a round: with the starter less without" },
				{ "annotatedMethodsCost", "Difference within a round: 1,000 annotated methods less none" } };
		for (String[] variant : variants) {
			double[] figures = this.startup.get(variant[0] + clock);
			if (figures != null) {
				System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f – %.1f | %.1f |%n", variant[1], figures[0],
						figures[1], figures[2], figures[3]);
			}
		}
	}

	private void memory() {
		System.out.println();
		System.out.println("## Memory");
		System.out.println();
		if (!this.heap.isEmpty()) {
			Double floor = this.heap.get("micrometer");
			System.out.println("Heap retained per single-series metric (10,000 metrics, after a full GC), and the ratio"
					+ " to a hand-written strong-reference gauge:");
			System.out.println();
			System.out.println("| Implementation | Bytes per metric | Ratio |");
			System.out.println("|---|---:|---:|");
			String[][] names = { { "starter", "Starter" },
					{ "starterMicrometerRead",
							"Starter, Micrometer reading its meters (`prometheus-snapshots=false`)" },
					{ "starterSelfMetrics", "Starter, with its self-metrics on" },
					{ "micrometer", "Hand-written Micrometer meter (the floor)" }, { "clientJava", "client_java" },
					{ "openTelemetry", "OpenTelemetry SDK" } };
			for (String[] name : names) {
				Double bytes = this.heap.get(name[0]);
				if (bytes != null) {
					System.out.printf(Locale.ROOT, "| %s | %,.0f | %.2f× |%n", name[1], bytes, bytes / floor);
				}
			}
			double ratio = this.heap.get("starter") / floor;
			this.targets.add(String.format(Locale.ROOT,
					"Heap retained per single-series metric at most 2× a hand-written strong-reference gauge:"
							+ " %,.0f against %,.0f bytes, %.2f×: %s",
					this.heap.get("starter"), floor, ratio, (ratio <= 2) ? "**holds**" : "**missed**"));
		}
		for (String[] pair : new String[][] { { "singleStarter", "singleMicrometer", "single-series metrics" },
				{ "multiStarterOneMethod", "multiMicrometer", "many series, one method" },
				{ "multiStarterTenMethods", "multiMicrometer", "many series, one method per metric" } }) {
			Row starter = this.rows.get(key("ScrapeBenchmark." + pair[0], "gc.alloc.rate.norm", "series", "10000"));
			Row floor = this.rows.get(key("ScrapeBenchmark." + pair[1], "gc.alloc.rate.norm", "series", "10000"));
			Row time = this.rows.get(key("ScrapeBenchmark." + pair[0], "", "series", "10000"));
			Row floorTime = this.rows.get(key("ScrapeBenchmark." + pair[1], "", "series", "10000"));
			Row cpu = this.rows.get(key("ScrapeBenchmark." + pair[0], "cpu.time.norm", "series", "10000"));
			Row floorCpu = this.rows.get(key("ScrapeBenchmark." + pair[1], "cpu.time.norm", "series", "10000"));
			Row otel = this.rows
				.get(key("ScrapeBenchmark." + pair[0].replaceAll("Starter.*", "OpenTelemetry"), "", "series", "10000"));
			if (time != null && floorTime != null) {
				double ratio = time.score / floorTime.score;
				this.targets.add(String.format(Locale.ROOT,
						"Scrape time at 10,000 series, %s, at most 1.10× the floor: %.2f×%s: %s", pair[2], ratio,
						(cpu != null && floorCpu != null)
								? String.format(Locale.ROOT, " (CPU time %.2f×)", cpu.score / floorCpu.score) : "",
						(ratio <= 1.10) ? "**holds**" : "**missed**"));
			}
			if (time != null && otel != null) {
				this.targets.add(String.format(Locale.ROOT,
						"Faster than OpenTelemetry at 10,000 series, %s: %,.0f against %,.0f µs: %s", pair[2],
						time.score, otel.score, (time.score < otel.score) ? "**holds**" : "**missed**"));
			}
			if (starter != null && floor != null) {
				double extra = (starter.score - floor.score) / 10_000;
				this.targets.add(String.format(Locale.ROOT,
						"No allocation per scrape growing with the series beyond the registry's, %s: %,.0f against %,.0f"
								+ " KiB per scrape at 10,000 series, %+.1f bytes per series: %s",
						pair[2], starter.score / 1024, floor.score / 1024, extra,
						(extra <= 0.02 * floor.score / 10_000) ? "**holds**" : "**missed**"));
			}
		}
	}

	private static String key(String benchmark, String metric, @Nullable String param, @Nullable String value) {
		return benchmark + "|" + metric + "|" + ((param != null) ? param + "=" + value : "");
	}

	private static Map<String, Row> readJmh(Path csv) throws IOException {
		List<String> lines = Files.readAllLines(csv);
		List<String> header = fields(lines.get(0));
		Map<String, Row> rows = new HashMap<>();
		for (String line : lines.subList(1, lines.size())) {
			List<String> fields = fields(line);
			String name = fields.get(0);
			int colon = name.indexOf(':');
			String metric = (colon >= 0) ? name.substring(colon + 1) : "";
			name = (colon >= 0) ? name.substring(0, colon) : name;
			String[] parts = name.split("\\.");
			String benchmark = parts[parts.length - 2] + "." + parts[parts.length - 1];
			Row row = new Row(Double.parseDouble(fields.get(4)), parse(fields.get(5)));
			Map<String, String> params = new TreeMap<>();
			for (int i = 7; i < header.size() && i < fields.size(); i++) {
				if (!fields.get(i).isEmpty()) {
					params.put(header.get(i).replace("Param: ", ""), fields.get(i));
				}
			}
			if (params.isEmpty()) {
				rows.put(key(benchmark, metric, null, null), row);
			}
			params.forEach((param, value) -> rows.put(key(benchmark, metric, param, value), row));
		}
		return rows;
	}

	private static double parse(String number) {
		return number.equals("NaN") ? 0 : Double.parseDouble(number);
	}

	private static List<String> fields(String line) {
		List<String> fields = new ArrayList<>();
		for (String field : line.split(",", -1)) {
			fields.add(field.replace("\"", ""));
		}
		return fields;
	}

	/**
	 * Reads a CSV file of {@link RetainedHeap} or {@link StartupTimes}: a name, then
	 * numbers.
	 */
	private static Map<String, double[]> readCsv(String[] args, int index) throws IOException {
		Map<String, double[]> figures = new HashMap<>();
		if (args.length <= index || !Files.exists(Path.of(args[index]))) {
			return figures;
		}
		List<String> lines = Files.readAllLines(Path.of(args[index]));
		for (String line : lines.subList(1, lines.size())) {
			String[] fields = line.split(",");
			double[] numbers = new double[fields.length - 1];
			for (int i = 1; i < fields.length; i++) {
				numbers[i - 1] = Double.parseDouble(fields[i]);
			}
			figures.put(fields[0], numbers);
		}
		return figures;
	}

	private record Row(double score, double error) {

	}

}
