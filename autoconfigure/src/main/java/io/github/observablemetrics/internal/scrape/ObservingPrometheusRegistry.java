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
import java.util.function.Predicate;

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
 */
public class ObservingPrometheusRegistry extends PrometheusRegistry {

	private final ObjectProvider<ObservableMetricsRegistrar> registrarProvider;

	private volatile @Nullable ObservableMetricsRegistrar registrar;

	/**
	 * Creates a registry.
	 * @param registrarProvider the registrar, resolved at the first scrape
	 */
	public ObservingPrometheusRegistry(ObjectProvider<ObservableMetricsRegistrar> registrarProvider) {
		this.registrarProvider = registrarProvider;
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
