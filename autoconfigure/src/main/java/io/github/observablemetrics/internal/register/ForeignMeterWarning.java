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

package io.github.observablemetrics.internal.register;

import io.github.observablemetrics.internal.declare.CallbackDeclaration;
import io.github.observablemetrics.internal.declare.ExportedNames;
import io.github.observablemetrics.internal.declare.MetricDeclaration;
import io.github.observablemetrics.internal.result.OwnMeters;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
public final class ForeignMeterWarning {

	private static final Log logger = LogFactory.getLog(ForeignMeterWarning.class);

	/**
	 * One instance per registry, shared by the contexts that use it: Micrometer cannot
	 * remove a listener, so each registry gets exactly one.
	 */
	private final Map<String, CallbackDeclaration> owners = new ConcurrentHashMap<>();

	private final Map<String, Owner> exportOwners = new ConcurrentHashMap<>();

	private final MeterRegistry registry;

	ForeignMeterWarning(MeterRegistry registry) {
		this.registry = registry;
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

	void check(Meter meter) {
		if (OwnMeters.added(meter)) {
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
	private record Owner(CallbackDeclaration declaration, MetricDeclaration metric) {

	}

}
