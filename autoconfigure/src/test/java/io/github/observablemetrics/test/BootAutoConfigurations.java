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

package io.github.observablemetrics.test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.github.observablemetrics.autoconfigure.ObservableMetricsAutoConfiguration;
import io.github.observablemetrics.autoconfigure.ObservableMetricsPrometheusAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Spring Boot's metrics auto-configurations by class name: their packages differ between
 * the Spring Boot 3.5 and 4.x lines, and the same tests run against both.
 */
public final class BootAutoConfigurations {

	private static final String[][] METRICS = {
			{ "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
					"org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration" },
			{ "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
					"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration" },
			{ "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
					"org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration" } };

	private static final String[] PROMETHEUS = {
			"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
			"org.springframework.boot.actuate.autoconfigure.metrics.export.prometheus.PrometheusMetricsExportAutoConfiguration" };

	private static final String[] JVM_METRICS = {
			"org.springframework.boot.micrometer.metrics.autoconfigure.jvm.JvmMetricsAutoConfiguration",
			"org.springframework.boot.actuate.autoconfigure.metrics.JvmMetricsAutoConfiguration" };

	private BootAutoConfigurations() {
	}

	/**
	 * Spring Boot's JVM metrics, whose binders register {@code jvm.*} meters.
	 */
	public static AutoConfigurations jvmMetrics() {
		return AutoConfigurations.of(first(JVM_METRICS));
	}

	/**
	 * Spring Boot's metrics with a simple registry, and this starter.
	 */
	public static AutoConfigurations simple() {
		return of(false);
	}

	/**
	 * Spring Boot's metrics with the Prometheus registry, and this starter.
	 */
	public static AutoConfigurations prometheus() {
		return of(true);
	}

	private static AutoConfigurations of(boolean prometheus) {
		List<Class<?>> classes = new ArrayList<>();
		for (String[] names : METRICS) {
			classes.add(first(names));
		}
		if (prometheus) {
			classes.add(first(PROMETHEUS));
		}
		classes.add(ObservableMetricsAutoConfiguration.class);
		classes.add(ObservableMetricsPrometheusAutoConfiguration.class);
		return AutoConfigurations.of(classes.toArray(Class<?>[]::new));
	}

	/**
	 * Registers a {@code MeterRegistryCustomizer}, whose package differs between the
	 * lines, that lets the given code configure every registry.
	 * @param context the context to register the customizer in
	 * @param customization what the customizer does to each registry
	 */
	public static void meterRegistryCustomizer(GenericApplicationContext context,
			Consumer<MeterRegistry> customization) {
		@SuppressWarnings("unchecked")
		Class<Object> type = (Class<Object>) first(
				"org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer",
				"org.springframework.boot.actuate.autoconfigure.metrics.MeterRegistryCustomizer");
		Object customizer = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
				(proxy, method, arguments) -> {
					if (method.getName().equals("customize")) {
						customization.accept((MeterRegistry) arguments[0]);
						return null;
					}
					return switch (method.getName()) {
						case "hashCode" -> System.identityHashCode(proxy);
						case "equals" -> proxy == arguments[0];
						default -> "MeterRegistryCustomizer for a test";
					};
				});
		context.registerBean("testMeterRegistryCustomizer", type, () -> customizer);
	}

	static Class<?> first(String... names) {
		for (String name : names) {
			if (ClassUtils.isPresent(name, null)) {
				return ClassUtils.resolveClassName(name, null);
			}
		}
		throw new IllegalStateException("None of " + String.join(", ", names) + " is on the class path");
	}

}
