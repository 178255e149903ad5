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

import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.observablemetrics.test.OwnResources;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.convert.ApplicationConversionService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that IDEs read: generated from
 * {@link ObservableMetricsProperties} by {@code spring-boot-configuration-processor}.
 */
class ConfigurationMetadataTests {

	private static final String PREFIX = "observable-metrics";

	private final Map<String, Map<String, Object>> metadata = readMetadata();

	private final Map<String, Property> properties = propertiesOf(new ObservableMetricsProperties());

	@Test
	void everyPropertyIsDescribedAndNoOtherIsListed() {
		assertThat(this.properties).containsKeys(PREFIX + ".enabled", PREFIX + ".self-metrics.enabled",
				PREFIX + ".metrics");
		assertThat(this.metadata.keySet()).filteredOn((name) -> name.startsWith(PREFIX + "."))
			.containsExactlyInAnyOrderElementsOf(this.properties.keySet());
		this.metadata.forEach((name, property) -> assertThat((String) property.get("description")).as(name)
			.isNotBlank()
			.endsWith(".")
			.doesNotStartWith("The "));
	}

	@Test
	void booleanPropertiesAreDescribedAsWhether() {
		this.properties.values()
			.stream()
			.filter((property) -> property.type() == boolean.class)
			.forEach((property) -> assertThat((String) this.metadata.get(property.name()).get("description"))
				.as(property.name())
				.startsWith("Whether "));
	}

	@Test
	void everyPropertyWithADefaultHasItInTheMetadata() {
		this.properties.values().stream().filter((property) -> property.defaultValue() != null).forEach((property) -> {
			Object declared = this.metadata.get(property.name()).get("defaultValue");
			assertThat(declared).as(property.name()).isNotNull();
			Object converted = ApplicationConversionService.getSharedInstance()
				.convert(declared.toString(), property.type());
			assertThat(converted).as(property.name()).isEqualTo(property.defaultValue());
		});
	}

	@Test
	void theMetricsMapIsKeyedByMetricName() {
		Map<String, Object> metrics = this.metadata.get(PREFIX + ".metrics");
		assertThat((String) metrics.get("type")).startsWith("java.util.Map<java.lang.String,")
			.endsWith(ObservableMetricsProperties.Metric.class.getName() + ">");
		assertThat((String) metrics.get("description")).contains("keyed by metric name")
			.contains(PREFIX + ".metrics[orders.queue.size].cache-for");
	}

	@Test
	void theEndpointsSettingsAreDescribed() {
		// the read operation takes the caller's SecurityContext, so, as for the health
		// endpoint's web extension, no cache time-to-live is offered
		assertThat(this.metadata)
			.containsKeys("management.endpoint.observablemetrics.access",
					"management.endpoint.observablemetrics.show-details", "management.endpoint.observablemetrics.roles")
			.doesNotContainKey("management.endpoint.observablemetrics.cache.time-to-live");
		Map<String, Object> showDetails = this.metadata.get("management.endpoint.observablemetrics.show-details");
		assertThat(showDetails).containsEntry("defaultValue", "never")
			.containsEntry("type", "org.springframework.boot.actuate.endpoint.Show");
		assertThat((String) showDetails.get("description")).contains("exception's class");
		assertThat((String) this.metadata.get("management.endpoint.observablemetrics.roles").get("description"))
			.startsWith("Roles used to determine whether a user is authorized");
	}

	private static Map<String, Map<String, Object>> readMetadata() {
		DocumentContext json = JsonPath.parse(OwnResources.open("META-INF/spring-configuration-metadata.json"));
		List<Map<String, Object>> properties = json.read("$.properties[*]");
		Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
		properties.forEach((property) -> byName.put((String) property.get("name"), property));
		return byName;
	}

	/**
	 * Every bindable property of a properties object, by configuration name: nested
	 * objects (getter only, a type declared in the properties class) are walked, maps are
	 * one property.
	 */
	private static Map<String, Property> propertiesOf(Object properties) {
		Map<String, Property> found = new LinkedHashMap<>();
		collect(PREFIX, properties, found);
		return found;
	}

	private static void collect(String prefix, Object target, Map<String, Property> found) {
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(target.getClass())) {
			Method getter = descriptor.getReadMethod();
			if (getter == null || getter.getDeclaringClass() == Object.class) {
				continue;
			}
			String name = prefix + "." + kebab(descriptor.getName());
			Class<?> type = descriptor.getPropertyType();
			Object value = invoke(getter, target);
			if (descriptor.getWriteMethod() == null && !Map.class.isAssignableFrom(type)
					&& type.getEnclosingClass() == ObservableMetricsProperties.class) {
				collect(name, value, found);
			}
			else {
				found.put(name, new Property(name, type, Map.class.isAssignableFrom(type) ? null : value));
			}
		}
	}

	private static Object invoke(Method getter, Object target) {
		try {
			return getter.invoke(target);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
	}

	private record Property(String name, Class<?> type, Object defaultValue) {

	}

}
