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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import io.github.observablemetrics.internal.validate.DeclarationValidator;
import io.github.observablemetrics.internal.discover.ObservableMetricBeanPostProcessor;
import io.github.observablemetrics.internal.register.ObservableMetricsRegistrar;
import io.github.observablemetrics.internal.register.RegistrarSettings;
import io.github.observablemetrics.internal.report.CallbackMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.StandardEnvironment;

/**
 * Start-up times, measured in rounds that take each variant in turn, so that the load of
 * a shared machine, which drifts over seconds, weighs on all of them alike (JMH would run
 * each variant after the other, and on the machine these figures come from, that drift is
 * far larger than the three per cent to be measured). Each round:
 * <ul>
 * <li>{@code plainBeansWithoutStarter}: {@code SpringApplication.run} of an application
 * (no web server, Spring Boot's metrics and Prometheus export auto-configuration) of
 * 2,000 plain beans, {@code observable-metrics.enabled=false};</li>
 * <li>{@code plainBeansWithStarter}: the same with the starter;</li>
 * <li>{@code annotatedMethodsWithStarter}: the same with 1,000 {@code @ObservableMetric}
 * methods besides (100 classes of 10, classes the JVM has not seen before);</li>
 * <li>{@code registration}: the starter's own work for 1,000 such methods alone: its
 * post-processor discovers and checks them, then its registrar generates a dispatch
 * function and registers the meter and self-metrics of each.</li>
 * </ul>
 * Closing the applications is not measured. The starter's own metrics are on, as by
 * default. Each is timed by the wall clock and by the CPU time of the thread that does
 * the work ({@code ...Cpu}), which the other work on a shared machine disturbs less. The
 * first quarter of the rounds warms the JVM up and is not counted; the figures are the
 * median, quartiles and minimum of the rest, in milliseconds, and the same of the
 * differences within each round between the starter and no starter
 * ({@code starterOverhead}) and between 1,000 annotated methods and none
 * ({@code annotatedMethodsCost}).
 * <p>
 * {@code java -cp benchmarks.jar io.github.observablemetrics.benchmarks.StartupTimes
 * [rounds] [output.csv]}
 *
 * @author The Observable Metrics team
 */
public final class StartupTimes {

	static final int PLAIN_BEANS = 2000;

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	static final int ANNOTATED_METHODS = 1000;

	static final int METHODS_PER_CLASS = 10;

	private StartupTimes() {
	}

	public static void main(String[] args) throws IOException {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 80;
		int warmup = rounds / 4;
		String[] variants = { "plainBeansWithoutStarter", "plainBeansWithStarter", "annotatedMethodsWithStarter",
				"registration", "starterOverhead", "annotatedMethodsCost" };
		List<String> names = new ArrayList<>();
		for (String clock : new String[] { "", "Cpu" }) {
			for (String variant : variants) {
				names.add(variant + clock);
			}
		}
		List<List<Double>> times = new ArrayList<>();
		names.forEach((name) -> times.add(new ArrayList<>()));
		for (int round = 0; round < rounds; round++) {
			GeneratedCallbacks annotated = GeneratedCallbacks.generate(ANNOTATED_METHODS, METHODS_PER_CLASS);
			GeneratedCallbacks registered = GeneratedCallbacks.generate(ANNOTATED_METHODS, METHODS_PER_CLASS);
			double[] without = start(false, (context) -> PlainBeans.register(context, PLAIN_BEANS));
			double[] with = start(true, (context) -> PlainBeans.register(context, PLAIN_BEANS));
			double[] methods = start(true, (context) -> {
				PlainBeans.register(context, PLAIN_BEANS);
				annotated.registerBeans(context);
			});
			double[] registration = register(registered);
			if (round < warmup) {
				continue;
			}
			for (int clock = 0; clock < 2; clock++) {
				double[] measured = { without[clock], with[clock], methods[clock], registration[clock],
						with[clock] - without[clock], methods[clock] - with[clock] };
				for (int i = 0; i < measured.length; i++) {
					times.get(clock * variants.length + i).add(measured[i]);
				}
			}
		}
		List<String> lines = new ArrayList<>();
		lines.add("variant,median,p25,p75,min,samples");
		for (int i = 0; i < names.size(); i++) {
			List<Double> sorted = new ArrayList<>(times.get(i));
			Collections.sort(sorted);
			String line = String.format(Locale.ROOT, "%s,%.2f,%.2f,%.2f,%.2f,%d", names.get(i), quantile(sorted, 0.5),
					quantile(sorted, 0.25), quantile(sorted, 0.75), sorted.get(0), sorted.size());
			System.out.println(line);
			lines.add(line);
		}
		if (args.length > 1) {
			Files.write(Path.of(args[1]), lines);
		}
	}

	private static double[] start(boolean starter, Consumer<GenericApplicationContext> beans) {
		long[] start = now();
		GenericApplicationContext context = (GenericApplicationContext) Applications.start(starter, true, beans);
		double[] elapsed = since(start);
		context.close();
		return elapsed;
	}

	private static double[] register(GeneratedCallbacks generated) {
		List<GeneratedCallbacks.Values> beans = generated.beans();
		DeclarationValidator validator = new DeclarationValidator(new StandardEnvironment());
		ObservableMetricsRegistrar registrar = new ObservableMetricsRegistrar(
				new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new RegistrarSettings(Duration.ofSeconds(5),
						2000, 8, true, CallbackMeters.FAILED, false, Map.of(), Map.of()),
				validator);
		ObservableMetricBeanPostProcessor postProcessor = new ObservableMetricBeanPostProcessor(
				new StaticListableBeanFactory(Map.of("registrar", registrar))
					.getBeanProvider(ObservableMetricsRegistrar.class),
				validator);
		long[] start = now();
		for (int i = 0; i < beans.size(); i++) {
			postProcessor.postProcessAfterInitialization(beans.get(i), "bean" + i);
		}
		postProcessor.afterSingletonsInstantiated();
		double[] elapsed = since(start);
		registrar.close();
		return elapsed;
	}

	/**
	 * The wall clock and the CPU time of this thread, which does all the work of a
	 * start-up, in nanoseconds.
	 */
	private static long[] now() {
		return new long[] { System.nanoTime(), threads.getCurrentThreadCpuTime() };
	}

	/**
	 * The wall-clock and CPU time since {@link #now()}, in milliseconds.
	 */
	private static double[] since(long[] start) {
		long[] end = now();
		return new double[] { (end[0] - start[0]) / 1e6, (end[1] - start[1]) / 1e6 };
	}

	private static double quantile(List<Double> sorted, double quantile) {
		double position = quantile * (sorted.size() - 1);
		int below = (int) Math.floor(position);
		int above = Math.min(below + 1, sorted.size() - 1);
		return sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
	}

}
