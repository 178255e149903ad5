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
import java.util.concurrent.TimeUnit;

import io.github.observablemetrics.benchmarks.BenchmarkSeries.Layout;
import io.github.observablemetrics.benchmarks.GeneratedCallbacks.MethodReference;
import io.github.observablemetrics.internal.register.ObservableMetricsRegistrar;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * One full scrape to Prometheus text of the same series (see {@link BenchmarkSeries}),
 * produced by:
 * <ul>
 * <li>{@code starter}: this starter's annotated methods, in a Spring Boot application
 * with Spring Boot's metrics and Prometheus export auto-configuration, scraped through
 * {@code PrometheusMeterRegistry.scrape()} and so through the starter's
 * {@code ObservingPrometheusRegistry}, which runs the callbacks first. Its own metrics
 * are off, so that the text is the same as the others'; the {@code SelfMetrics} variants
 * turn them on.</li>
 * <li>{@code micrometer}: hand-written Micrometer meters in the same application without
 * the starter, the floor. For single-series metrics, each meter reads its method through
 * a method reference of its own, as hand-written code does; {@code OneFunction} reads
 * fields of plain objects through one shared function instead.</li>
 * <li>{@code clientJava}: Prometheus client_java's callback metrics.</li>
 * <li>{@code openTelemetry}: the OpenTelemetry SDK's asynchronous instruments and its
 * Prometheus exporter.</li>
 * </ul>
 * The single-series methods are generated ({@link GeneratedCallbacks}, 100 per class);
 * the starter calls them as callbacks, the others through a method reference each. The
 * starter's many-series methods are {@link MultiSeriesCallbacks}, and its methods of one
 * metric of many series, returning rows or reporting them to an observer,
 * {@link RowsCallbacks}. Every setup checks that the scrape shows exactly the expected
 * series, then scrapes up to 300 times before JMH's own warm-up (see
 * {@link #PREWARM_SCRAPES}).
 *
 * @author The Observable Metrics team
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
public class ScrapeBenchmark {

	@Benchmark
	public String singleStarter(StarterSingle state) {
		return state.scrape();
	}

	/**
	 * Not a scrape: only the callback phase of one, the runs a scrape starts and waits
	 * for before it reads the registry, to show what of {@link #singleStarter} is that
	 * phase and what is the read that every implementation does.
	 */
	@Benchmark
	public Object singleStarterCallbacksOnly(StarterSingle state) {
		return state.runCallbacks();
	}

	/**
	 * {@link #singleStarter} with {@code observable-metrics.prometheus-snapshots=false}:
	 * Micrometer reads each of the starter's meters, as it did before the starter served
	 * its families from their published values.
	 */
	@Benchmark
	public String singleStarterMicrometerRead(StarterSingleMicrometerRead state) {
		return state.scrape();
	}

	@Benchmark
	public String singleStarterSelfMetrics(StarterSingleSelfMetrics state) {
		return state.scrape();
	}

	@Benchmark
	public String singleMicrometer(MicrometerSingle state) {
		return state.scrape();
	}

	@Benchmark
	public String singleMicrometerOneFunction(MicrometerSingleOneFunction state) {
		return state.scrape();
	}

	@Benchmark
	public String singleClientJava(ClientJava state) {
		return state.scrape();
	}

	@Benchmark
	public String singleOpenTelemetry(OpenTelemetry state) {
		return state.scrape();
	}

	@Benchmark
	public String multiStarterOneMethod(StarterMultiOneMethod state) {
		return state.scrape();
	}

	@Benchmark
	public String multiStarterMicrometerRead(StarterMultiOneMethodMicrometerRead state) {
		return state.scrape();
	}

	@Benchmark
	public String multiStarterTenMethods(StarterMultiTenMethods state) {
		return state.scrape();
	}

	@Benchmark
	public String multiStarterSelfMetrics(StarterMultiSelfMetrics state) {
		return state.scrape();
	}

	@Benchmark
	public String multiMicrometer(MicrometerMulti state) {
		return state.scrape();
	}

	@Benchmark
	public String multiClientJava(ClientJavaMulti state) {
		return state.scrape();
	}

	@Benchmark
	public String multiOpenTelemetry(OpenTelemetryMulti state) {
		return state.scrape();
	}

	/**
	 * One metric of all the series from one method that returns them as rows
	 * ({@code List<Row>}), beside {@link #rowsStarterObserver}, the same rows reported to
	 * an observer, and {@link #rowsMicrometer}, a hand-written gauge per row.
	 */
	@Benchmark
	public String rowsStarter(StarterRows state) {
		return state.scrape();
	}

	@Benchmark
	public String rowsStarterObserver(StarterRowsObserver state) {
		return state.scrape();
	}

	@Benchmark
	public String rowsStarterMicrometerRead(StarterRowsMicrometerRead state) {
		return state.scrape();
	}

	@Benchmark
	public String rowsMicrometer(MicrometerRows state) {
		return state.scrape();
	}

	/**
	 * How many scrapes every setup runs before JMH's warm-up: each metric's function runs
	 * once per scrape, so with ten thousand of them the JIT compiler compiles them only
	 * after 200 or so scrapes (ten seconds at 10,000 series), and a warm-up of a few
	 * seconds would measure that compilation instead of the scrape.
	 */
	static final int PREWARM_SCRAPES = 300;

	/**
	 * The property that has Micrometer read the starter's meters in a Prometheus scrape.
	 */
	static final String MICROMETER_READ = "observable-metrics.prometheus-snapshots=false";

	static final long PREWARM_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(15);

	/**
	 * The registrar's "no deadline" ({@code Run.NO_DEADLINE}, package-private), which a
	 * scrape without a deadline passes.
	 */
	static final long NO_DEADLINE = Long.MIN_VALUE;

	/**
	 * Series produced by one implementation.
	 */
	@State(Scope.Benchmark)
	public abstract static class Scrape {

		@Param({ "100", "1000", "10000" })
		public int series;

		final Layout layout;

		final boolean selfMetrics;

		Scrape(Layout layout, boolean selfMetrics) {
			this.layout = layout;
			this.selfMetrics = selfMetrics;
		}

		abstract void start();

		abstract String scrape();

		@Setup
		public void setUp() {
			start();
			BenchmarkSeries.check(this.layout, this.series, scrape(), this.selfMetrics);
			long end = System.nanoTime() + PREWARM_LIMIT_NANOS;
			for (int i = 0; i < PREWARM_SCRAPES && System.nanoTime() < end; i++) {
				scrape();
			}
		}

	}

	/**
	 * An application with the starter, whose beans report the series.
	 */
	public abstract static class Starter extends Scrape {

		private @Nullable ConfigurableApplicationContext context;

		private @Nullable PrometheusMeterRegistry registry;

		private @Nullable ObservableMetricsRegistrar registrar;

		Starter(Layout layout, boolean selfMetrics) {
			super(layout, selfMetrics);
		}

		abstract void registerBeans(GenericApplicationContext context);

		/**
		 * Further properties of the application, {@code key=value}.
		 */
		String[] properties() {
			return new String[0];
		}

		@Override
		void start() {
			this.context = Applications.start(true, this.selfMetrics, this::registerBeans, properties());
			this.registry = Applications.registry(this.context);
			this.registrar = this.context.getBean(ObservableMetricsRegistrar.class);
		}

		/**
		 * Runs the callbacks a full scrape runs, with no deadline, and reads nothing.
		 */
		Object runCallbacks() {
			return this.registrar.scrape(null, NO_DEADLINE, () -> this);
		}

		@Override
		String scrape() {
			return this.registry.scrape();
		}

		@TearDown
		public void tearDown() {
			this.context.close();
		}

	}

	@State(Scope.Benchmark)
	public static class StarterSingle extends Starter {

		public StarterSingle() {
			this(false);
		}

		StarterSingle(boolean selfMetrics) {
			super(Layout.SINGLE, selfMetrics);
		}

		@Override
		void registerBeans(GenericApplicationContext context) {
			GeneratedCallbacks.generate(this.series, 100).registerBeans(context);
		}

	}

	@State(Scope.Benchmark)
	public static class StarterSingleMicrometerRead extends StarterSingle {

		@Override
		String[] properties() {
			return new String[] { MICROMETER_READ };
		}

	}

	@State(Scope.Benchmark)
	public static class StarterSingleSelfMetrics extends StarterSingle {

		public StarterSingleSelfMetrics() {
			super(true);
		}

	}

	@State(Scope.Benchmark)
	public static class StarterMultiOneMethod extends Starter {

		public StarterMultiOneMethod() {
			super(Layout.MULTI, false);
		}

		@Override
		void registerBeans(GenericApplicationContext context) {
			context.registerBean(MultiSeriesCallbacks.OneMethod.class,
					() -> new MultiSeriesCallbacks.OneMethod(this.series));
		}

	}

	@State(Scope.Benchmark)
	public static class StarterMultiOneMethodMicrometerRead extends StarterMultiOneMethod {

		@Override
		String[] properties() {
			return new String[] { MICROMETER_READ };
		}

	}

	@State(Scope.Benchmark)
	public static class StarterMultiTenMethods extends Starter {

		public StarterMultiTenMethods() {
			this(false);
		}

		StarterMultiTenMethods(boolean selfMetrics) {
			super(Layout.MULTI, selfMetrics);
		}

		@Override
		void registerBeans(GenericApplicationContext context) {
			context.registerBean(MultiSeriesCallbacks.TenMethods.class,
					() -> new MultiSeriesCallbacks.TenMethods(this.series));
		}

	}

	@State(Scope.Benchmark)
	public static class StarterMultiSelfMetrics extends StarterMultiTenMethods {

		public StarterMultiSelfMetrics() {
			super(true);
		}

	}

	/**
	 * The series of {@link Layout#ROWS} from one method: one metric of all of them, so
	 * the starter's limit of series per metric is raised to their number.
	 */
	public abstract static class StarterOneMetric extends Starter {

		StarterOneMetric() {
			super(Layout.ROWS, false);
		}

		@Override
		String[] properties() {
			return new String[] { "observable-metrics.max-series-per-metric=" + this.series };
		}

	}

	@State(Scope.Benchmark)
	public static class StarterRows extends StarterOneMetric {

		@Override
		void registerBeans(GenericApplicationContext context) {
			context.registerBean(RowsCallbacks.Rows.class, () -> new RowsCallbacks.Rows(this.series));
		}

	}

	@State(Scope.Benchmark)
	public static class StarterRowsObserver extends StarterOneMetric {

		@Override
		void registerBeans(GenericApplicationContext context) {
			context.registerBean(RowsCallbacks.Observer.class, () -> new RowsCallbacks.Observer(this.series));
		}

	}

	@State(Scope.Benchmark)
	public static class StarterRowsMicrometerRead extends StarterRows {

		@Override
		String[] properties() {
			return new String[] { "observable-metrics.max-series-per-metric=" + this.series, MICROMETER_READ };
		}

	}

	/**
	 * The same application without the starter, with hand-written meters.
	 */
	public abstract static class Micrometer extends Scrape {

		private @Nullable ConfigurableApplicationContext context;

		private @Nullable PrometheusMeterRegistry registry;

		/**
		 * What the meters read, kept here: a {@code FunctionCounter} references it
		 * weakly.
		 */
		private @Nullable Object values;

		Micrometer(Layout layout) {
			super(layout, false);
		}

		abstract Object register(PrometheusMeterRegistry registry);

		@Override
		void start() {
			this.context = Applications.start(false, false, (context) -> {
			});
			this.registry = Applications.registry(this.context);
			this.values = register(this.registry);
		}

		@Override
		String scrape() {
			return this.registry.scrape();
		}

		@TearDown
		public void tearDown() {
			this.context.close();
		}

	}

	@State(Scope.Benchmark)
	public static class MicrometerSingle extends Micrometer {

		public MicrometerSingle() {
			super(Layout.SINGLE);
		}

		@Override
		Object register(PrometheusMeterRegistry registry) {
			List<MethodReference> methods = GeneratedCallbacks.generate(this.series, 100).methodReferences();
			HandWrittenMeters.registerSingle(registry, methods);
			return methods;
		}

	}

	@State(Scope.Benchmark)
	public static class MicrometerSingleOneFunction extends Micrometer {

		public MicrometerSingleOneFunction() {
			super(Layout.SINGLE);
		}

		@Override
		Object register(PrometheusMeterRegistry registry) {
			return HandWrittenMeters.registerSingleWithOneFunction(registry, this.series);
		}

	}

	@State(Scope.Benchmark)
	public static class MicrometerMulti extends Micrometer {

		public MicrometerMulti() {
			super(Layout.MULTI);
		}

		@Override
		Object register(PrometheusMeterRegistry registry) {
			return HandWrittenMeters.registerMulti(registry, this.series);
		}

	}

	@State(Scope.Benchmark)
	public static class MicrometerRows extends Micrometer {

		public MicrometerRows() {
			super(Layout.ROWS);
		}

		@Override
		Object register(PrometheusMeterRegistry registry) {
			return HandWrittenMeters.registerRows(registry, this.series);
		}

	}

	/**
	 * Prometheus client_java.
	 */
	@State(Scope.Benchmark)
	public static class ClientJava extends Scrape {

		private @Nullable PrometheusRegistry registry;

		public ClientJava() {
			this(Layout.SINGLE);
		}

		ClientJava(Layout layout) {
			super(layout, false);
		}

		@Override
		void start() {
			this.registry = (this.layout == Layout.SINGLE)
					? ClientJavaCallbacks
						.registerSingle(GeneratedCallbacks.generate(this.series, 100).methodReferences())
					: ClientJavaCallbacks.registerMulti(this.series);
		}

		@Override
		String scrape() {
			return ClientJavaCallbacks.scrape(this.registry);
		}

	}

	@State(Scope.Benchmark)
	public static class ClientJavaMulti extends ClientJava {

		public ClientJavaMulti() {
			super(Layout.MULTI);
		}

	}

	/**
	 * The OpenTelemetry SDK.
	 */
	@State(Scope.Benchmark)
	public static class OpenTelemetry extends Scrape {

		private @Nullable OpenTelemetryCallbacks callbacks;

		public OpenTelemetry() {
			this(Layout.SINGLE);
		}

		OpenTelemetry(Layout layout) {
			super(layout, false);
		}

		@Override
		void start() {
			this.callbacks = (this.layout == Layout.SINGLE)
					? OpenTelemetryCallbacks
						.registerSingle(GeneratedCallbacks.generate(this.series, 100).methodReferences())
					: OpenTelemetryCallbacks.registerMulti(this.series);
		}

		@Override
		String scrape() {
			return this.callbacks.scrape();
		}

		@TearDown
		public void tearDown() {
			this.callbacks.close();
		}

	}

	@State(Scope.Benchmark)
	public static class OpenTelemetryMulti extends OpenTelemetry {

		public OpenTelemetryMulti() {
			super(Layout.MULTI);
		}

	}

}
