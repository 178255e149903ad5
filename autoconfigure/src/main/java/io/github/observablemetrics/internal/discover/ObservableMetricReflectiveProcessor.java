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

package io.github.observablemetrics.internal.discover;

import io.github.observablemetrics.internal.run.CallbackInvoker;
import io.github.observablemetrics.internal.run.RowType;
import java.lang.reflect.Method;

import io.github.observablemetrics.ObservableMetric;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;
import org.springframework.core.KotlinDetector;
import org.springframework.util.ClassUtils;

/**
 * Registers what an {@link ObservableMetric} method needs at run time in a native image,
 * where {@link CallbackInvoker} calls it through reflection: the method itself, and the
 * methods of the same signature on the interfaces of its class, which a JDK proxy of the
 * bean is called through, and for a Kotlin {@code suspend} function, which Spring calls
 * through Kotlin reflection, the declared methods of its class, and for a method that
 * returns rows, the accessors of its row type, which {@link RowType} reads each row
 * through. Spring's ahead-of-time processing finds annotated methods of every bean
 * through {@link Reflective @Reflective} on the annotation, as it does for
 * {@code @EventListener} and {@code @Scheduled}.
 */
public class ObservableMetricReflectiveProcessor extends SimpleReflectiveProcessor {

	@Override
	protected void registerMethodHint(ReflectionHints hints, Method method) {
		super.registerMethodHint(hints, method);
		for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(method.getDeclaringClass())) {
			Method declared = ClassUtils.getMethodIfAvailable(type, method.getName(), method.getParameterTypes());
			if (declared != null) {
				hints.registerMethod(declared, ExecutableMode.INVOKE);
			}
		}
		if (KotlinDetector.isKotlinPresent() && KotlinDetector.isSuspendingFunction(method)) {
			hints.registerType(method.getDeclaringClass(), MemberCategory.INVOKE_DECLARED_METHODS);
		}
		for (Method accessor : RowType.accessors(method)) {
			hints.registerType(accessor.getDeclaringClass(), MemberCategory.INVOKE_PUBLIC_METHODS);
			hints.registerMethod(accessor, ExecutableMode.INVOKE);
		}
	}

}
