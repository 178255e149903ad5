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

package io.github.observablemetrics.internal.declare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import org.jspecify.annotations.Nullable;

/**
 * The names a metric is exported under, as the registries in use really name it: the one
 * home of the exported-name rules. Each registry behind the application's
 * {@link MeterRegistry} (every registry of a composite) names a meter with its own
 * {@link NamingConvention}, from the name, the type and the base unit; the Prometheus
 * registry then keeps one metric family per name with client_java's reserved suffixes
 * ({@code _total}, {@code _created}, {@code _bucket}, {@code _info}) taken off, and
 * writes a counter with {@code _total}. Two meters clash when one registry exports them
 * under the same name: a COUNTER {@code x} and a GAUGE {@code x.total}, or a GAUGE
 * {@code a.b} in {@code bytes} and a GAUGE {@code a.b.bytes}.
 */
public final class ExportedNames {

	private static final String PROMETHEUS_REGISTRY = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

	private final List<Export> exports;

	private ExportedNames(List<Export> exports) {
		this.exports = exports;
	}

	/**
	 * The naming of every registry that a meter registered in {@code registry} reaches.
	 * @param registry the application's registry
	 * @return its exported names
	 */
	public static ExportedNames of(MeterRegistry registry) {
		List<Export> exports = new ArrayList<>();
		collect(registry, exports);
		return new ExportedNames(List.copyOf(exports));
	}

	private static void collect(MeterRegistry registry, List<Export> exports) {
		if (registry instanceof CompositeMeterRegistry composite) {
			composite.getRegistries().forEach((child) -> collect(child, exports));
			return;
		}
		exports.add(new Export(exports.size(), registry.config().namingConvention(), isPrometheus(registry)));
	}

	/**
	 * The names a meter is exported under, one per registry, each keyed so that two
	 * meters clash exactly when they share a key.
	 * @param name the Micrometer name
	 * @param type the meter type
	 * @param unit the base unit, or {@code null}
	 * @return the exported names by key, in registry order
	 */
	public Map<String, String> of(String name, Meter.Type type, @Nullable String unit) {
		Map<String, String> names = new LinkedHashMap<>();
		for (Export export : this.exports) {
			String exported = export.convention.name(name, type, unit);
			if (export.prometheus) {
				String family = PrometheusFamily.of(exported);
				names.put(export.index + "/" + family, (type == Meter.Type.COUNTER) ? family + "_total" : family);
			}
			else {
				names.put(export.index + "/" + exported, exported);
			}
		}
		return names;
	}

	/**
	 * The names a metric declaration is exported under.
	 * @param metric the metric
	 * @return the exported names by key
	 */
	public Map<String, String> of(MetricDeclaration metric) {
		return of(metric.name(), metric.meterType(), metric.timeGauge() ? "seconds" : metric.unit());
	}

	/**
	 * The names of the Prometheus metric families a metric declaration is exported as,
	 * which a scrape's {@code includedNames} filter is tested against: each Prometheus
	 * registry's naming convention names it, client_java makes the family's name of that,
	 * and a counter's is also asked for with {@code _total}.
	 * @param metric the metric
	 * @return the names, none when no Prometheus registry is in use
	 */
	public List<String> prometheusFamilies(MetricDeclaration metric) {
		Meter.Type type = metric.meterType();
		String unit = metric.timeGauge() ? "seconds" : metric.unit();
		List<String> families = new ArrayList<>();
		for (Export export : this.exports) {
			if (export.prometheus) {
				String family = PrometheusFamily.of(export.convention.name(metric.name(), type, unit));
				families.add(family);
				if (type == Meter.Type.COUNTER) {
					families.add(family + "_total");
				}
			}
		}
		return families;
	}

	/**
	 * The name of the Prometheus metric family a meter of a Prometheus registry is
	 * exported in: the one its collector's snapshot has.
	 * @param id the meter's id, after the registry's filters
	 * @param convention the registry's naming convention
	 * @return the family's name
	 */
	public static String prometheusFamily(Meter.Id id, NamingConvention convention) {
		return PrometheusFamily.of(id.getConventionName(convention));
	}

	/**
	 * The names a meter already in the registry is exported under.
	 * @param id the meter's id
	 * @return the exported names by key
	 */
	public Map<String, String> of(Meter.Id id) {
		return of(id.getName(), id.getType(), id.getBaseUnit());
	}

	/**
	 * Whether the registries in use accept one metric name with different sets of tag
	 * keys. Every registry does but the Prometheus registry of the older lines, which
	 * refuses the second meter; whether it does is tried once on a throwaway registry,
	 * not read from a version.
	 * @return whether one name may have different tag keys
	 */
	public boolean acceptDifferentTagKeys() {
		return this.exports.stream().noneMatch((export) -> export.prometheus)
				|| PrometheusFamily.acceptsDifferentTagKeys();
	}

	private static boolean isPrometheus(MeterRegistry registry) {
		for (Class<?> type = registry.getClass(); type != null; type = type.getSuperclass()) {
			if (type.getName().equals(PROMETHEUS_REGISTRY)) {
				return true;
			}
		}
		return false;
	}

	private record Export(int index, NamingConvention convention, boolean prometheus) {

	}

	/**
	 * client_java's naming, loaded only when a Prometheus registry is in use.
	 */
	private static final class PrometheusFamily {

		private static volatile @Nullable Boolean differentTagKeys;

		public static String of(String exported) {
			return PrometheusNaming.sanitizeMetricName(exported);
		}

		static boolean acceptsDifferentTagKeys() {
			Boolean accepted = differentTagKeys;
			if (accepted == null) {
				accepted = tryDifferentTagKeys();
				differentTagKeys = accepted;
			}
			return accepted;
		}

		private static boolean tryDifferentTagKeys() {
			PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
			try {
				Gauge.builder("probe", () -> 1).tag("first", "1").register(registry);
				Gauge.builder("probe", () -> 2).tag("second", "2").register(registry);
				String scrape = registry.scrape();
				return scrape.contains("probe{first=\"1\"}") && scrape.contains("probe{second=\"2\"}");
			}
			catch (RuntimeException ex) {
				return false;
			}
			finally {
				registry.close();
			}
		}

	}

}
