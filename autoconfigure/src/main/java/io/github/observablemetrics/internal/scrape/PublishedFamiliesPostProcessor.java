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

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Has the application's {@link ObservingPrometheusRegistry} serve the families of the
 * starter's series for the {@link PrometheusMeterRegistry} whose collectors it holds:
 * before the registry is initialized, so that before it has any meter.
 */
public final class PublishedFamiliesPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof PrometheusMeterRegistry registry
				&& registry.getPrometheusRegistry() instanceof ObservingPrometheusRegistry observing) {
			observing.serveFrom(registry);
		}
		return bean;
	}

}
