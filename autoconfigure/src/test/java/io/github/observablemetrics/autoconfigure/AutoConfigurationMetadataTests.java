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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import io.github.observablemetrics.test.OwnResources;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.util.ClassUtils;
import org.springframework.util.StreamUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata {@code spring-boot-autoconfigure-processor} generates, which lets Spring
 * Boot order and filter the auto-configurations without loading their classes.
 */
class AutoConfigurationMetadataTests {

	private final List<String> autoConfigurations = autoConfigurations();

	private final Properties metadata = metadata();

	@Test
	void everyAutoConfigurationIsListed() {
		assertThat(this.autoConfigurations).contains(ObservableMetricsAutoConfiguration.class.getName(),
				ObservableMetricsPrometheusAutoConfiguration.class.getName(),
				ObservableMetricsEndpointAutoConfiguration.class.getName());
		assertThat(this.autoConfigurations).allSatisfy((name) -> assertThat(this.metadata).containsKey(name));
	}

	@Test
	void orderAndClassConditionsMatchTheAnnotations() throws Exception {
		for (String name : this.autoConfigurations) {
			Class<?> type = ClassUtils.forName(name, null);
			AutoConfiguration annotation = type.getAnnotation(AutoConfiguration.class);
			assertThat(entry(name, "AutoConfigureAfter")).as(name)
				.containsExactlyInAnyOrderElementsOf(names(annotation.after(), annotation.afterName()));
			assertThat(entry(name, "AutoConfigureBefore")).as(name)
				.containsExactlyInAnyOrderElementsOf(names(annotation.before(), annotation.beforeName()));
			ConditionalOnClass onClass = type.getAnnotation(ConditionalOnClass.class);
			assertThat(entry(name, "ConditionalOnClass")).as(name)
				.containsExactlyInAnyOrderElementsOf(
						(onClass != null) ? names(onClass.value(), onClass.name()) : List.of());
		}
	}

	@Test
	void theMetricsAutoConfigurationComesAfterSpringBootsOnEveryLine() {
		assertThat(entry(ObservableMetricsAutoConfiguration.class.getName(), "AutoConfigureAfter")).contains(
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration");
	}

	private List<String> entry(String autoConfiguration, String key) {
		String value = this.metadata.getProperty(autoConfiguration + "." + key, "");
		return value.isEmpty() ? List.of() : Arrays.asList(value.split(","));
	}

	private static List<String> names(Class<?>[] classes, String[] names) {
		return Stream.concat(Arrays.stream(classes).map(Class::getName), Arrays.stream(names)).toList();
	}

	private static List<String> autoConfigurations() {
		try (InputStream in = OwnResources
			.open("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
			List<String> names = new ArrayList<>();
			for (String line : StreamUtils.copyToString(in, StandardCharsets.UTF_8).split("\n")) {
				if (!line.isBlank() && !line.startsWith("#")) {
					names.add(line.trim());
				}
			}
			return names;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Properties metadata() {
		try (InputStream in = OwnResources.open("META-INF/spring-autoconfigure-metadata.properties")) {
			Properties properties = new Properties();
			properties.load(in);
			return properties;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
