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

import io.github.observablemetrics.internal.register.ObservableMetricsRegistrar;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The application's {@link PrometheusRegistry}, which runs the callbacks a scrape needs
 * before the scrape reads the meters: a series observed for the first time is in that
 * scrape, one no longer observed is not. Every reader of the registry goes through it:
 * {@code /actuator/prometheus}, {@code PrometheusMeterRegistry.scrape()}, a Pushgateway
 * push. A scrape filtered by {@code includedNames} runs only the callbacks of the
 * included metrics.
 * <p>
 * Once {@link #serveFrom(PrometheusMeterRegistry)} has named the Micrometer registry
 * whose collectors it holds, a family whose meters all read this starter's series is
 * served from their published values rather than by Micrometer's read of each meter (see
 * {@link FamilyCollector}); the meters stay registered for every other reader.
 */
public class ObservingPrometheusRegistry extends PrometheusRegistry {

	private static final String MICROMETER_COLLECTOR = "io.micrometer.prometheusmetrics.MicrometerCollector";

	private final ObjectProvider<ObservableMetricsRegistrar> registrarProvider;

	private volatile @Nullable ObservableMetricsRegistrar registrar;

	private volatile @Nullable PublishedFamilies families;

	/**
	 * Micrometer's collectors, and the collector each is registered as.
	 */
	private final Map<MultiCollector, FamilyCollector> collectors = new ConcurrentHashMap<>();

	/**
	 * Creates a registry.
	 * @param registrarProvider the registrar, resolved at the first scrape
	 */
	public ObservingPrometheusRegistry(ObjectProvider<ObservableMetricsRegistrar> registrarProvider) {
		this.registrarProvider = registrarProvider;
	}

	/**
	 * Serves the families of this starter's series from their published values, for the
	 * registry whose collectors this registry holds. Called before the registry has any
	 * meter, so that its listeners see every meter.
	 * @param registry the Micrometer registry
	 */
	public void serveFrom(PrometheusMeterRegistry registry) {
		if (registry.getPrometheusRegistry() == this && this.families == null) {
			this.families = PublishedFamilies.listenTo(registry);
		}
	}

	@Override
	public void register(MultiCollector collector) {
		PublishedFamilies families = this.families;
		if (families == null || !collector.getClass().getName().equals(MICROMETER_COLLECTOR)) {
			super.register(collector);
			return;
		}
		FamilyCollector family = new FamilyCollector(collector, families);
		this.collectors.put(collector, family);
		super.register(family);
	}

	@Override
	public void unregister(MultiCollector collector) {
		FamilyCollector family = this.collectors.remove(collector);
		super.unregister((family != null) ? family : collector);
	}

	/**
	 * The names of the families the last scrape served from published values.
	 */
	Set<String> servedFamilies() {
		return this.collectors.values()
			.stream()
			.filter(FamilyCollector::served)
			.map(FamilyCollector::name)
			.collect(Collectors.toCollection(TreeSet::new));
	}

	@Override
	public MetricSnapshots scrape(@Nullable PrometheusScrapeRequest scrapeRequest) {
		ObservableMetricsRegistrar registrar = registrar();
		if (registrar == null) {
			return super.scrape(scrapeRequest);
		}
		return registrar.scrape(null, ScrapeDeadline.current(), () -> super.scrape(scrapeRequest));
	}

	@Override
	public MetricSnapshots scrape(Predicate<String> includedNames, @Nullable PrometheusScrapeRequest scrapeRequest) {
		ObservableMetricsRegistrar registrar = registrar();
		if (includedNames == null || registrar == null) {
			return (includedNames != null) ? super.scrape(includedNames, scrapeRequest) : scrape(scrapeRequest);
		}
		return registrar.scrape((callback) -> callback.isIncludedBy(includedNames), ScrapeDeadline.current(),
				() -> super.scrape(includedNames, scrapeRequest));
	}

	private @Nullable ObservableMetricsRegistrar registrar() {
		ObservableMetricsRegistrar registrar = this.registrar;
		if (registrar == null) {
			try {
				registrar = this.registrarProvider.getIfAvailable();
			}
			catch (RuntimeException ex) {
				// the context is starting or closing: scrape without callbacks
				return null;
			}
			this.registrar = registrar;
		}
		return registrar;
	}

}
