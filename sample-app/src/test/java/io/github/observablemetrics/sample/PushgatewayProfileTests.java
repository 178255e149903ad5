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

package io.github.observablemetrics.sample;

import java.io.IOException;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusProperties;
import org.springframework.boot.micrometer.metrics.export.prometheus.PrometheusPushGatewayManager.ShutdownOperation;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application's {@code pushgateway} profile, bound as Spring Boot binds it:
 * Spring Boot ignores a property it does not know, so a misspelt key would leave the push
 * off, or at its defaults, without a word. {@code PushgatewayIT} runs the profile against
 * a real Pushgateway, after the unit tests; this test catches such a key without one.
 */
class PushgatewayProfileTests {

	private static final String PREFIX = "management.prometheus.metrics.export";

	@Test
	void theProfileTurnsOnSpringBootsPushToLocalhostEveryTenSecondsWithAPostOnShutdown() throws IOException {
		Properties profile = PropertiesLoaderUtils
			.loadProperties(new ClassPathResource("application-pushgateway.properties"));
		// every key of the profile is one that Spring Boot binds: an unknown one fails
		PrometheusProperties prometheus = new Binder(new MapConfigurationPropertySource(profile))
			.bind(PREFIX, Bindable.of(PrometheusProperties.class),
					new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
			.get();
		assertThat(profile.stringPropertyNames()).allMatch((key) -> key.startsWith(PREFIX + ".pushgateway."));
		PrometheusProperties.Pushgateway pushgateway = prometheus.getPushgateway();
		assertThat(pushgateway.isEnabled()).isTrue();
		assertThat(pushgateway.getAddress()).isEqualTo("localhost:9091");
		assertThat(pushgateway.getPushRate()).isEqualTo(Duration.ofSeconds(10));
		assertThat(pushgateway.getJob()).isEqualTo("observable-metrics-sample");
		assertThat(pushgateway.getShutdownOperation()).isEqualTo(ShutdownOperation.POST);
	}

}
