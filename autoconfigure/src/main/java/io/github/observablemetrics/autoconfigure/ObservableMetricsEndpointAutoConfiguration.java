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

package io.github.observablemetrics.autoconfigure;

import io.github.observablemetrics.ObservableMetricCallbackHolder;
import io.github.observablemetrics.actuate.ObservableMetricsEndpoint;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code observablemetrics} actuator endpoint. Like every
 * Spring Boot endpoint it exists only where it is available: enabled, and exposed by
 * {@code management.endpoints.web.exposure.include} (or over JMX).
 *
 * @author The Observable Metrics team
 * @since 0.1.0
 */
@AutoConfiguration(after = ObservableMetricsAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(ObservableMetricCallbackHolder.class)
public final class ObservableMetricsEndpointAutoConfiguration {

	/**
	 * The endpoint; a nested configuration, so that its condition, which needs Spring
	 * Boot Actuator, is read only when Actuator is on the class path.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(ObservableMetricsEndpoint.class)
	@EnableConfigurationProperties(ObservableMetricsEndpointProperties.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ObservableMetricsEndpoint observableMetricsEndpoint(ObjectProvider<ObservableMetricCallbackHolder> holders,
				ObservableMetricsEndpointProperties properties) {
			return new ObservableMetricsEndpoint(holders.orderedStream().toList(), properties.getShowDetails(),
					properties.getRoles());
		}

	}

}
