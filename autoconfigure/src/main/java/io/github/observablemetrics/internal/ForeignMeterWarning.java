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

package io.github.observablemetrics.internal;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Warns when something other than this starter registers a meter after start-up, when the
 * clash can no longer stop start-up, under the name of a declared metric or under a name
 * that the registry exports like one: Prometheus would keep only one of the two, and
 * {@code /actuator/metrics} would mix them.
 */
final class ForeignMeterWarning {

	private static final Log logger = LogFactory.getLog(ForeignMeterWarning.class);

	private static final ThreadLocal<Registering> registeringOwn = new ThreadLocal<>();

	/**
	 * One instance per registry, shared by the contexts that use it: Micrometer cannot
	 * remove a listener, so each registry gets exactly one.
	 */
	private static final Map<MeterRegistry, ForeignMeterWarning> instances = Collections
		.synchronizedMap(new WeakHashMap<>());

	private final Map<String, CallbackDeclaration> owners = new ConcurrentHashMap<>();

	/**
	 * The declarations by the keys of their exported names.
	 */
	private final Map<String, Owner> exportOwners = new ConcurrentHashMap<>();

	private final MeterRegistry registry;

	private ForeignMeterWarning(MeterRegistry registry) {
		this.registry = registry;
	}

	static ForeignMeterWarning of(MeterRegistry registry) {
		return instances.computeIfAbsent(registry, (key) -> {
			ForeignMeterWarning warning = new ForeignMeterWarning(key);
			key.config().onMeterAdded(warning::check);
			return warning;
		});
	}

	/**
	 * Registers a meter of this starter, which is not a clash.
	 * @param registration the registration
	 * @return the meter, and whether the registration added it: a registry returns the
	 * meter already registered under the same id (after its filters) rather than add one
	 */
	static Registration registerOwn(Supplier<? extends Meter> registration) {
		Registering registering = new Registering();
		registeringOwn.set(registering);
		try {
			Meter meter = registration.get();
			return new Registration(meter, registering.added);
		}
		finally {
			registeringOwn.remove();
		}
	}

	void declare(CallbackDeclaration declaration) {
		ExportedNames naming = ExportedNames.of(this.registry);
		declaration.metrics().forEach((metric) -> {
			this.owners.put(metric.name(), declaration);
			naming.of(metric).forEach((key, exported) -> this.exportOwners.put(key, new Owner(declaration, metric)));
		});
	}

	void forget(CallbackDeclaration declaration) {
		declaration.metrics().forEach((metric) -> this.owners.remove(metric.name(), declaration));
		this.exportOwners.values().removeIf((owner) -> owner.declaration() == declaration);
	}

	private void check(Meter meter) {
		Registering registering = registeringOwn.get();
		if (registering != null) {
			registering.added = true;
			return;
		}
		Meter.Id id = meter.getId();
		CallbackDeclaration owner = this.owners.get(id.getName());
		if (owner != null) {
			logger.warn("A meter named '" + id.getName() + "' (" + id.getType()
					+ ") was registered after start-up, but the @ObservableMetric " + owner.describe()
					+ " declares that metric; a Prometheus scrape keeps only one of them and /actuator/metrics mixes"
					+ " them. Rename one of the two.");
			return;
		}
		if (this.exportOwners.isEmpty()) {
			return;
		}
		for (Map.Entry<String, String> exported : ExportedNames.of(this.registry).of(id).entrySet()) {
			Owner exportOwner = this.exportOwners.get(exported.getKey());
			if (exportOwner != null) {
				logger.warn("A meter named '" + id.getName() + "' (" + id.getType()
						+ ") was registered after start-up, which the registry exports as '" + exported.getValue()
						+ "' like the " + exportOwner.metric().type() + " '" + exportOwner.metric().name()
						+ "' that the @ObservableMetric " + exportOwner.declaration().describe()
						+ " declares; a Prometheus scrape keeps only one of them. Rename one of the two.");
				return;
			}
		}
	}

	/**
	 * A meter this starter registered.
	 *
	 * @param meter the meter the registry returned
	 * @param added whether the registry added it
	 */
	record Registration(Meter meter, boolean added) {

	}

	private static final class Registering {

		boolean added;

	}

	private record Owner(CallbackDeclaration declaration, MetricDeclaration metric) {

	}

}
