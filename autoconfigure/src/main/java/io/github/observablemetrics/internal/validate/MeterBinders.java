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

package io.github.observablemetrics.internal.validate;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.HierarchicalBeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds the {@link MeterBinder} bean that registers a meter, so that a declared metric
 * clashing with that meter blames the binder, not the application. The registry does not
 * record who registered a meter, so each binder is asked again, on a throwaway registry;
 * that happens only when start-up already fails on such a clash. A binder that is
 * {@link AutoCloseable} holds what its binding acquires (listeners, threads) and is not
 * bound twice.
 */
public final class MeterBinders {

	private final @Nullable ListableBeanFactory beans;

	MeterBinders(@Nullable ListableBeanFactory beans) {
		this.beans = beans;
	}

	/**
	 * Describes the binder that registers a meter of the given name, for a message.
	 * @param meterName the name of the meter
	 * @return the binder, or {@code null} when none of the binder beans registers it
	 */
	@Nullable Binder find(String meterName) {
		if (this.beans == null) {
			return null;
		}
		Map<String, MeterBinder> binders = BeanFactoryUtils.beansOfTypeIncludingAncestors(this.beans, MeterBinder.class,
				false, false);
		for (Map.Entry<String, MeterBinder> binder : binders.entrySet()) {
			if (!(binder.getValue() instanceof AutoCloseable) && registers(binder.getValue(), meterName)) {
				return new Binder(binder.getKey(), ClassUtils.getUserClass(binder.getValue()),
						autoConfiguration(binder.getKey()));
			}
		}
		return null;
	}

	private static boolean registers(MeterBinder binder, String meterName) {
		MeterRegistry throwaway = new SimpleMeterRegistry();
		try {
			binder.bindTo(throwaway);
			return throwaway.find(meterName).meter() != null;
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
		finally {
			throwaway.close();
		}
	}

	/**
	 * The auto-configuration that defines a bean, whose name is the class name.
	 */
	private @Nullable String autoConfiguration(String beanName) {
		for (ListableBeanFactory factory = this.beans; factory != null; factory = parent(factory)) {
			ConfigurableListableBeanFactory configurable = definitions(factory);
			if (configurable != null && configurable.containsBeanDefinition(beanName)) {
				String definedBy = configurable.getBeanDefinition(beanName).getFactoryBeanName();
				Class<?> type = (definedBy != null) ? configurable.getType(definedBy, false) : null;
				return (type != null && AnnotatedElementUtils.hasAnnotation(type, AutoConfiguration.class))
						? ClassUtils.getUserClass(type).getName() : null;
			}
		}
		return null;
	}

	private static @Nullable ConfigurableListableBeanFactory definitions(ListableBeanFactory factory) {
		if (factory instanceof ConfigurableApplicationContext context) {
			return context.getBeanFactory();
		}
		return (factory instanceof ConfigurableListableBeanFactory configurable) ? configurable : null;
	}

	private static @Nullable ListableBeanFactory parent(ListableBeanFactory factory) {
		return (factory instanceof HierarchicalBeanFactory hierarchical
				&& hierarchical.getParentBeanFactory() instanceof ListableBeanFactory parent) ? parent : null;
	}

	/**
	 * A binder bean.
	 *
	 * @param beanName the bean name
	 * @param type the binder's class
	 * @param autoConfiguration the auto-configuration that defines the bean, or
	 * {@code null}
	 */
	record Binder(String beanName, Class<?> type, @Nullable String autoConfiguration) {

		String describe() {
			// a lambda's class name says nothing
			return "the MeterBinder bean '" + this.beanName + "'"
					+ ((this.type.isSynthetic() || this.type.isHidden()) ? "" : " (" + this.type.getName() + ")");
		}

		String removal() {
			return (this.autoConfiguration != null) ? "exclude " + this.autoConfiguration
					+ ", which defines it (spring.autoconfigure.exclude, or @SpringBootApplication(excludeName = ...))"
					: "remove the bean '" + this.beanName + "'";
		}

	}

}
