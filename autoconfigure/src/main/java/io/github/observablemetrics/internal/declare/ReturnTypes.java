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
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.springframework.core.KotlinDetector;
import org.springframework.core.ResolvableType;

/**
 * How the return type of an annotated method tells an asynchronous one. Reactor's types
 * are recognized by name, so that a {@code Mono} is recognized, and reported, where
 * Reactor is not on the application's class path.
 */
public final class ReturnTypes {

	/**
	 * Reactor's {@code Mono}.
	 */
	public static final String MONO = "reactor.core.publisher.Mono";

	/**
	 * Reactor's {@code Flux}.
	 */
	public static final String FLUX = "reactor.core.publisher.Flux";

	private ReturnTypes() {
	}

	/**
	 * The {@code CompletionStage} or {@code Mono} a return type is, or {@code null}.
	 * Reactor's types are recognized by name, so that a {@code Mono} is recognized, and
	 * reported, where Reactor is not on the application's class path.
	 */
	public static @Nullable ResolvableType asyncType(ResolvableType returnType) {
		ResolvableType stage = returnType.as(CompletionStage.class);
		if (stage != ResolvableType.NONE) {
			return stage;
		}
		return reactorType(returnType, MONO);
	}

	public static @Nullable ResolvableType reactorType(ResolvableType type, String name) {
		for (ResolvableType candidate = type; candidate != ResolvableType.NONE; candidate = candidate.getSuperType()) {
			Class<?> resolved = candidate.resolve();
			if (resolved == null) {
				return null;
			}
			if (resolved.getName().equals(name)) {
				return candidate;
			}
		}
		return null;
	}

	public static boolean isSuspending(Method method) {
		return KotlinDetector.isKotlinPresent() && KotlinDetector.isSuspendingFunction(method);
	}

}
