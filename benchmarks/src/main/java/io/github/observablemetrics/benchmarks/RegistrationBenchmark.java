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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.observablemetrics.internal.DeclarationValidator;
import io.github.observablemetrics.internal.ObservableMetricBeanPostProcessor;
import io.github.observablemetrics.internal.ObservableMetricsRegistrar;
import io.github.observablemetrics.internal.RegistrarSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.env.StandardEnvironment;

/**
 * The starter's whole start-up work for 1,000 {@code @ObservableMetric} methods (100
 * beans of 10 methods, of classes the JVM has not seen before): its post-processor
 * discovers and checks the methods of each bean, then registers them all once the
 * singletons exist, generating a dispatch function per method and registering each
 * method's meter and self-metrics in a {@link PrometheusMeterRegistry}.
 *
 * @author The Observable Metrics team
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 30)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class RegistrationBenchmark {

	private @Nullable List<GeneratedCallbacks.Values> beans;

	private @Nullable ObservableMetricsRegistrar registrar;

	private @Nullable ObservableMetricBeanPostProcessor postProcessor;

	@Setup(Level.Iteration)
	public void prepare() {
		this.beans = GeneratedCallbacks.generate(StartupBenchmark.ANNOTATED_METHODS, StartupBenchmark.METHODS_PER_CLASS)
			.beans();
		DeclarationValidator validator = new DeclarationValidator(new StandardEnvironment());
		ObservableMetricsRegistrar registrar = new ObservableMetricsRegistrar(
				new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of(),
				new RegistrarSettings(Duration.ofSeconds(5), 2000, 8, true, Map.of()), validator);
		this.registrar = registrar;
		this.postProcessor = new ObservableMetricBeanPostProcessor(
				new StaticListableBeanFactory(Map.of("registrar", registrar))
					.getBeanProvider(ObservableMetricsRegistrar.class),
				validator);
	}

	@TearDown(Level.Iteration)
	public void close() {
		this.registrar.close();
	}

	@Benchmark
	public ObservableMetricsRegistrar register() {
		List<GeneratedCallbacks.Values> beans = this.beans;
		for (int i = 0; i < beans.size(); i++) {
			this.postProcessor.postProcessAfterInitialization(beans.get(i), "bean" + i);
		}
		this.postProcessor.afterSingletonsInstantiated();
		return this.registrar;
	}

}
