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

import io.github.observablemetrics.internal.declare.MetricDeclaration;
import io.github.observablemetrics.internal.result.MetricSeries;
import io.github.observablemetrics.internal.result.OwnMeters;
import java.util.Collection;
import java.util.Set;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.noop.NoopMeter;

/**
 * Whether the registry denies a metric, decided by the registry itself, so that every
 * filter counts: {@code MeterFilter} beans, {@code management.metrics.enable.*}, and
 * filters added by a {@code MeterRegistryCustomizer} or in code.
 * <p>
 * Micrometer has no public way to evaluate a registry's filters, but a registry answers a
 * denied id with a no-op meter. So the metric's meter (its name, constant tags, unit,
 * description and type, without a value) is registered once and removed at once; a
 * composite registry denies what its own filters deny, or what all of its registries do.
 * The probe registers as the starter's own meter, so it raises no clash warning, and it
 * leaves no meter behind (a meter that was there before is left alone). It costs a
 * registration and a removal per metric, a few microseconds once warm. At start-up no
 * scrape can see the probe; for a bean created later, a scrape running at that very
 * moment may show the metric's constant-tag series once, at zero.
 */
public final class RegistryFilterCheck {

	private final MeterRegistry registry;

	RegistryFilterCheck(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Whether the registry denies the metric, with its constant tags.
	 * @param metric the metric
	 * @return whether registering its meter is denied
	 */
	boolean denies(MetricDeclaration metric) {
		return denies(this.registry, metric);
	}

	private static boolean denies(MeterRegistry registry, MetricDeclaration metric) {
		if (!deniedBy(registry, metric)) {
			if (registry instanceof CompositeMeterRegistry composite) {
				Set<MeterRegistry> registries = composite.getRegistries();
				return !registries.isEmpty() && registries.stream().allMatch((child) -> denies(child, metric));
			}
			return false;
		}
		return true;
	}

	private static boolean deniedBy(MeterRegistry registry, MetricDeclaration metric) {
		Collection<Meter> before = registry.find(metric.name()).meters();
		Meter probe;
		try {
			probe = OwnMeters.register(() -> probe(registry, metric)).meter();
		}
		catch (RuntimeException ex) {
			// the registry refuses the shape (a clash that validation reports): not a
			// filter
			return false;
		}
		if (probe instanceof NoopMeter) {
			return true;
		}
		if (!before.contains(probe)) {
			registry.remove(probe);
		}
		return false;
	}

	private static Meter probe(MeterRegistry registry, MetricDeclaration metric) {
		return MetricSeries.register(registry, metric, metric.tags(), metric, (ignored) -> 0, (ignored) -> 0);
	}

}
