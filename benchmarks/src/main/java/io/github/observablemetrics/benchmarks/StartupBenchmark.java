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

import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Start-up of a Spring Boot application (no web server, Spring Boot's metrics and
 * Prometheus export auto-configuration) of 2,000 plain beans: without the starter
 * ({@code observable-metrics.enabled=false}), with it, and with it and 1,000
 * {@code @ObservableMetric} methods besides (100 classes of 10 methods, classes never
 * seen before by the JVM at each start, as at a real start). Each operation is one
 * {@code SpringApplication.run}; closing the application is not measured. The starter's
 * own metrics are on, as by default.
 *
 * @author The Observable Metrics team
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 30)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class StartupBenchmark {

	static final int PLAIN_BEANS = 2000;

	static final int ANNOTATED_METHODS = 1000;

	static final int METHODS_PER_CLASS = 10;

	private @Nullable GeneratedCallbacks annotated;

	private @Nullable ConfigurableApplicationContext context;

	@Setup(Level.Iteration)
	public void generate() {
		this.annotated = GeneratedCallbacks.generate(ANNOTATED_METHODS, METHODS_PER_CLASS);
	}

	@TearDown(Level.Iteration)
	public void close() {
		if (this.context != null) {
			this.context.close();
			this.context = null;
		}
	}

	@Benchmark
	public ConfigurableApplicationContext plainBeansWithoutStarter() {
		this.context = Applications.start(false, true, (context) -> PlainBeans.register(context, PLAIN_BEANS));
		return this.context;
	}

	@Benchmark
	public ConfigurableApplicationContext plainBeansWithStarter() {
		this.context = Applications.start(true, true, (context) -> PlainBeans.register(context, PLAIN_BEANS));
		return this.context;
	}

	@Benchmark
	public ConfigurableApplicationContext annotatedMethodsWithStarter() {
		GeneratedCallbacks annotated = this.annotated;
		this.context = Applications.start(true, true, (context) -> {
			PlainBeans.register(context, PLAIN_BEANS);
			annotated.registerBeans(context);
		});
		return this.context;
	}

}
