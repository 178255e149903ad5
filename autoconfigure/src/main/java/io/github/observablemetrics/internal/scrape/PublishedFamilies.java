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

package io.github.observablemetrics.internal.scrape;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.observablemetrics.internal.declare.ExportedNames;
import io.github.observablemetrics.internal.result.OwnMeters;
import io.github.observablemetrics.internal.result.Series;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import org.jspecify.annotations.Nullable;

/**
 * The Prometheus metric families of one {@link PrometheusMeterRegistry}, as its meter
 * listeners see them: which of their meters read a series of this starter's, and a
 * version that changes whenever a meter of the family, this starter's or another's, is
 * added or removed. A {@link FamilyCollector} serves a family from the series' published
 * values while its version stays the one it checked against Micrometer's own read.
 */
final class PublishedFamilies {

	private final PrometheusMeterRegistry registry;

	private final Map<String, Family> families = new ConcurrentHashMap<>();

	private PublishedFamilies(PrometheusMeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Listens to a registry's meters from now on: before any meter is registered, so that
	 * every series' meter is seen.
	 * @param registry the registry
	 * @return its families
	 */
	static PublishedFamilies listenTo(PrometheusMeterRegistry registry) {
		PublishedFamilies families = new PublishedFamilies(registry);
		registry.config().onMeterAdded(families::added);
		registry.config().onMeterRemoved(families::removed);
		return families;
	}

	/**
	 * A meter added: a family is kept for a meter that reads a series, or for a family a
	 * collector has read, so that the registry's other meters cost nothing.
	 */
	private void added(Meter meter) {
		Series series = OwnMeters.series();
		String name = nameOf(meter.getId());
		Family family = (series != null) ? family(name) : this.families.get(name);
		if (family != null) {
			family.added(meter, series);
		}
	}

	private void removed(Meter meter) {
		Family family = this.families.get(nameOf(meter.getId()));
		if (family != null) {
			family.removed(meter);
		}
	}

	/**
	 * The family of a name, kept from now on: a family is never dropped, as its collector
	 * holds it.
	 */
	Family family(String name) {
		return this.families.computeIfAbsent(name, Family::new);
	}

	/**
	 * The name of the metric family a meter is exported in, as client_java names the
	 * family of the name the registry's naming convention gives it: the name of the
	 * snapshot Micrometer's collector makes.
	 */
	private String nameOf(Meter.Id id) {
		return ExportedNames.prometheusFamily(id, namingConvention());
	}

	/**
	 * The labels Micrometer's collector gives a meter: its tags after the registry's
	 * filters, named by the registry's naming convention.
	 */
	Labels labelsOf(Meter meter) {
		List<Tag> tags = meter.getId().getConventionTags(namingConvention());
		String[] names = new String[tags.size()];
		String[] values = new String[tags.size()];
		for (int i = 0; i < names.length; i++) {
			names[i] = tags.get(i).getKey();
			values[i] = tags.get(i).getValue();
		}
		return Labels.of(names, values);
	}

	private NamingConvention namingConvention() {
		return this.registry.config().namingConvention();
	}

	/**
	 * One family: the meters that read a series, and the version.
	 */
	static final class Family {

		final String name;

		/**
		 * Sized for a family of one series, the most common: an identity map's default
		 * table is 64 references.
		 */
		private final Map<Meter, Series> series = new IdentityHashMap<>(1);

		/**
		 * Changed under the family's lock, read without it.
		 */
		private volatile long version;

		Family(String name) {
			this.name = name;
		}

		synchronized void added(Meter meter, @Nullable Series series) {
			this.version++;
			if (series != null) {
				this.series.put(meter, series);
			}
		}

		synchronized void removed(Meter meter) {
			this.version++;
			this.series.remove(meter);
		}

		long version() {
			return this.version;
		}

		/**
		 * The meters that read a series, and the series each reads.
		 */
		synchronized Map<Meter, Series> series() {
			return new IdentityHashMap<>(this.series);
		}

	}

}
