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

package io.github.observablemetrics.internal.declare;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.springframework.util.ClassUtils;

/**
 * Describes declarations in messages, so that every message names the same things the
 * same way.
 */
public final class Declarations {

	private Declarations() {
	}

	public static String describe(Method method, String beanName) {
		return describe(signature(method), beanName);
	}

	public static String describe(String signature, String beanName) {
		return "method " + signature + " of bean '" + beanName + "'";
	}

	/**
	 * The method as {@code com.example.Inventory.report(MetricObserver)}.
	 */
	static String signature(Method method) {
		return signature(method.getDeclaringClass(), method.getName(), method.getParameterTypes());
	}

	static String signature(Class<?> declaringClass, String methodName, Class<?>[] parameterTypes) {
		String parameters = Arrays.stream(parameterTypes).map(Class::getSimpleName).collect(Collectors.joining(", "));
		return ClassUtils.getQualifiedName(declaringClass) + "." + methodName + "(" + parameters + ")";
	}

}
