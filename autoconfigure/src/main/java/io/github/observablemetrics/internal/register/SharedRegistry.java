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

import io.github.observablemetrics.internal.result.PublicationLock;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the open contexts that register callbacks in one {@link MeterRegistry} share: a
 * scrape of the registry runs the callbacks of a parent context and of its children
 * alike, and all of them publish under one {@link PublicationLock}. It exists while at
 * least one of those contexts is open: the last to close removes it, so nothing keeps a
 * registry, or a bean, once its contexts have closed.
 */
public final class SharedRegistry {

	private static final Map<MeterRegistry, SharedRegistry> open = new ConcurrentHashMap<>();

	/**
	 * The registries the foreign meter check listens to. A registry cannot drop a
	 * listener, so each gets one, which finds the check of the contexts open now; weak
	 * keys whose values hold nothing, so that a registry is collected with its listener.
	 */
	private static final Set<MeterRegistry> listened = Collections
		.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	final MeterRegistry registry;

	final PublicationLock lock = new PublicationLock();

	final ForeignMeterWarning foreignMeters;

	final Set<ObservableMetricsRegistrar> registrars = new CopyOnWriteArraySet<>();

	private SharedRegistry(MeterRegistry registry) {
		this.registry = registry;
		this.foreignMeters = new ForeignMeterWarning(registry);
	}

	/**
	 * Joins the registrar to the registry's shared state, creating it for the first.
	 */
	static SharedRegistry join(MeterRegistry registry, ObservableMetricsRegistrar registrar) {
		SharedRegistry shared = open.compute(registry, (key, existing) -> {
			SharedRegistry joined = (existing != null) ? existing : new SharedRegistry(key);
			joined.registrars.add(registrar);
			return joined;
		});
		if (listened.add(registry)) {
			registry.config().onMeterAdded((meter) -> {
				SharedRegistry current = open.get(registry);
				if (current != null) {
					current.foreignMeters.check(meter);
				}
			});
		}
		return shared;
	}

	/**
	 * Leaves the registry's shared state, removing it after the last registrar.
	 * @return whether the registrar was the last
	 */
	boolean leave(ObservableMetricsRegistrar registrar) {
		boolean[] last = { false };
		open.computeIfPresent(this.registry, (key, shared) -> {
			shared.registrars.remove(registrar);
			last[0] = shared.registrars.isEmpty();
			return last[0] ? null : shared;
		});
		return last[0];
	}

}
