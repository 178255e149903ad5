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
import java.lang.ref.Reference;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.observablemetrics.benchmarks.GeneratedCallbacks.MethodReference;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The heap each single-series metric retains, for each implementation: the heap in use
 * after a full garbage collection with {@code n} metrics registered and scraped once,
 * less the same with none, divided by {@code n}. The classes and values of the
 * application's methods exist in both, so only what each implementation keeps per metric
 * counts: for hand-written meters, the meter and its method reference; for the starter,
 * its callback, table, series, dispatch function and meter.
 * <p>
 * Run it in a JVM of its own with a fixed heap and {@code -XX:SoftRefLRUPolicyMSPerMB=0},
 * so that caches held by soft references do not count:
 * {@code java -Xms1g -Xmx1g -XX:SoftRefLRUPolicyMSPerMB=0 -cp benchmarks.jar
 * io.github.observablemetrics.benchmarks.RetainedHeap [metrics] [output.csv]}.
 *
 * @author The Observable Metrics team
 */
public final class RetainedHeap {

	private static final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	private RetainedHeap() {
	}

	public static void main(String[] args) throws IOException {
		int metrics = (args.length > 0) ? Integer.parseInt(args[0]) : 10_000;
		List<Variant> variants = List.of(new Variant("starter", (generated, count) -> starter(generated, count, false)),
				new Variant("starterMicrometerRead",
						(generated, count) -> starter(generated, count, false, ScrapeBenchmark.MICROMETER_READ)),
				new Variant("starterSelfMetrics", (generated, count) -> starter(generated, count, true)),
				new Variant("micrometer", RetainedHeap::micrometer),
				new Variant("clientJava", RetainedHeap::clientJava),
				new Variant("openTelemetry", RetainedHeap::openTelemetry));
		List<String> lines = new ArrayList<>();
		lines.add("implementation,metrics,bytesPerMetric");
		for (Variant variant : variants) {
			double perMetric = Double.MAX_VALUE;
			for (int attempt = 0; attempt < 2; attempt++) {
				perMetric = Math.min(perMetric, variant.perMetric(metrics));
			}
			String line = String.format(Locale.ROOT, "%s,%d,%.1f", variant.name(), metrics, perMetric);
			System.out.println(line);
			lines.add(line);
		}
		if (args.length > 1) {
			Files.write(Path.of(args[1]), lines);
		}
	}

	private static AutoCloseable starter(GeneratedCallbacks generated, int count, boolean selfMetrics,
			String... properties) {
		ConfigurableApplicationContext context = Applications.start(true, selfMetrics, (application) -> {
			if (count > 0) {
				generated.registerBeans(application);
			}
		}, properties);
		// the first scrape learns each family's name, the second checks it against
		// Micrometer's read and keeps its labels: what a served family retains
		for (int i = 0; i < 3; i++) {
			Applications.registry(context).scrape();
		}
		return context;
	}

	private static AutoCloseable micrometer(GeneratedCallbacks generated, int count) {
		ConfigurableApplicationContext context = Applications.start(false, false, (application) -> {
		});
		PrometheusMeterRegistry registry = Applications.registry(context);
		List<MethodReference> methods = (count > 0) ? generated.methodReferences() : List.of();
		HandWrittenMeters.registerSingle(registry, methods);
		registry.scrape();
		return () -> {
			context.close();
			// a FunctionCounter references its object weakly: keep them until now
			Reference.reachabilityFence(methods);
		};
	}

	private static AutoCloseable clientJava(GeneratedCallbacks generated, int count) {
		PrometheusRegistry registry = ClientJavaCallbacks
			.registerSingle((count > 0) ? generated.methodReferences() : List.of());
		ClientJavaCallbacks.scrape(registry);
		return registry::clear;
	}

	private static AutoCloseable openTelemetry(GeneratedCallbacks generated, int count) {
		OpenTelemetryCallbacks callbacks = OpenTelemetryCallbacks
			.registerSingle((count > 0) ? generated.methodReferences() : List.of());
		callbacks.scrape();
		return callbacks;
	}

	private static long usedAfterGc() {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	/**
	 * Starts an implementation with a number of metrics.
	 */
	@FunctionalInterface
	interface Implementation {

		AutoCloseable start(GeneratedCallbacks generated, int count) throws Exception;

	}

	record Variant(String name, Implementation implementation) {

		double perMetric(int metrics) {
			GeneratedCallbacks generated = GeneratedCallbacks.generate(metrics, 100);
			usedWith(generated, 0);
			long without = usedWith(generated, 0);
			long with = usedWith(generated, metrics);
			return (double) (with - without) / metrics;
		}

		private long usedWith(GeneratedCallbacks generated, int metrics) {
			try {
				AutoCloseable running = this.implementation.start(generated, metrics);
				long used = usedAfterGc();
				running.close();
				return used;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
