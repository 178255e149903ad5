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
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An annotated bean method and the metrics it feeds: everything registration needs,
 * immutable and checked.
 *
 * @param beanName the name of the bean
 * @param bean the bean instance, possibly an AOP proxy
 * @param declaringClass the class that declares the annotated method
 * @param methodName the name of the annotated method
 * @param parameterTypes the parameter types of the annotated method
 * @param invocableMethod the method to call on {@code bean} (on a JDK proxy, the
 * interface method); {@code null} once the callback is registered, as nothing calls it
 * reflectively any more and a {@link Method} pins the JDK's parsed annotations
 * @param shape how the method reports values
 * @param metrics the metrics the method feeds, in declaration order
 * @param rowType how the rows a {@link Shape#ROWS ROWS} or {@link Shape#ASYNC_ROWS
 * ASYNC_ROWS} method returns become series, {@code null} for the other shapes
 */
public record CallbackDeclaration(String beanName, Object bean, Class<?> declaringClass, String methodName,
		Class<?>[] parameterTypes, @Nullable Method invocableMethod, Shape shape, List<MetricDeclaration> metrics,
		@Nullable RowReader rowType) {

	private static final Class<?>[] NO_PARAMETERS = {};

	/**
	 * Declares a callback.
	 * @param beanName the name of the bean
	 * @param bean the bean instance
	 * @param method the annotated method, on the bean's target class
	 * @param invocableMethod the method to call on {@code bean}
	 * @param shape how the method reports values
	 * @param metrics the metrics the method feeds
	 * @return the declaration
	 */
	public static CallbackDeclaration of(String beanName, Object bean, Method method, Method invocableMethod,
			Shape shape, List<MetricDeclaration> metrics) {
		return of(beanName, bean, method, invocableMethod, shape, metrics, null);
	}

	/**
	 * Declares a callback, one that returns rows with their row type.
	 * @param beanName the name of the bean
	 * @param bean the bean instance
	 * @param method the annotated method, on the bean's target class
	 * @param invocableMethod the method to call on {@code bean}
	 * @param shape how the method reports values
	 * @param metrics the metrics the method feeds
	 * @param rowType how its rows become series, for a method that returns rows
	 * @return the declaration
	 */
	public static CallbackDeclaration of(String beanName, Object bean, Method method, Method invocableMethod,
			Shape shape, List<MetricDeclaration> metrics, @Nullable RowReader rowType) {
		Class<?>[] parameterTypes = (method.getParameterCount() != 0) ? method.getParameterTypes() : NO_PARAMETERS;
		return new CallbackDeclaration(beanName, bean, method.getDeclaringClass(), method.getName(), parameterTypes,
				invocableMethod, shape, metrics, rowType);
	}

	/**
	 * The declaration as a registered callback keeps it, without the method, which the
	 * callback's invoker no longer needs.
	 * @return the declaration without its method
	 */
	public CallbackDeclaration registered() {
		return new CallbackDeclaration(this.beanName, this.bean, this.declaringClass, this.methodName,
				this.parameterTypes, null, this.shape, this.metrics, this.rowType);
	}

	/**
	 * The identifier of the callback, used as the {@code callback} tag of the
	 * self-metrics: {@code beanName.methodName}.
	 * @return the identifier
	 */
	public String id() {
		return this.beanName + "." + this.methodName;
	}

	/**
	 * Describes the callback for messages: method, class and bean.
	 * @return the description
	 */
	public String describe() {
		return Declarations.describe(signature(), this.beanName);
	}

	/**
	 * The annotated method with its declaring class and parameter types, such as
	 * {@code com.example.Inventory.report(MetricObserver)}: made when asked for, as the
	 * messages and the endpoint need it, not the thousands of registered callbacks.
	 * @return the signature
	 */
	public String signature() {
		return Declarations.signature(this.declaringClass, this.methodName, this.parameterTypes);
	}

	/**
	 * How a callback method reports its values.
	 */
	public enum Shape {

		/**
		 * Returns a primitive number (or {@code boolean}), read without boxing.
		 */
		PRIMITIVE_VALUE,

		/**
		 * Returns a {@link Number}, {@link Boolean} or {@link java.time.Duration}, where
		 * {@code null} means no value now.
		 */
		OBJECT_VALUE,

		/**
		 * Takes a {@link io.github.observablemetrics.MetricObserver} and reports any
		 * number of series of its metrics.
		 */
		OBSERVER,

		/**
		 * Returns a {@link java.util.concurrent.CompletionStage} or a Reactor
		 * {@code Mono} of a value {@link #OBJECT_VALUE} allows, or is a Kotlin
		 * {@code suspend} function returning one: the value comes when it completes.
		 */
		ASYNC_VALUE,

		/**
		 * Takes a {@link io.github.observablemetrics.MetricObserver} and returns a
		 * {@code CompletionStage<Void>} or a {@code Mono<Void>}, or is a Kotlin
		 * {@code suspend} function returning {@code Unit}: the run ends when it
		 * completes.
		 */
		ASYNC_OBSERVER,

		/**
		 * Returns its rows, a {@link java.util.Collection}, {@link Iterable},
		 * {@link java.util.stream.Stream} or {@link java.util.Map} of them, each row a
		 * series of each metric: called as a method returning an object, whose rows
		 * {@link RowReader#report RowReader.report} observes.
		 */
		ROWS,

		/**
		 * Returns a {@link java.util.concurrent.CompletionStage} or a Reactor
		 * {@code Mono} of what {@link #ROWS} returns, or a Reactor {@code Flux} of rows
		 * ({@link RowReader#published()}), or is a Kotlin {@code suspend} function
		 * returning rows: the rows come when it completes.
		 */
		ASYNC_ROWS;

		/**
		 * Whether the method reports through a
		 * {@link io.github.observablemetrics.MetricObserver}: it takes one, or returns
		 * rows that are observed into one, any number of series.
		 * @return whether it observes
		 */
		public boolean observes() {
			return this == OBSERVER || this == ASYNC_OBSERVER || returnsRows();
		}

		/**
		 * Whether the method returns rows, which a {@link RowReader} observes.
		 * @return whether it returns rows
		 */
		public boolean returnsRows() {
			return this == ROWS || this == ASYNC_ROWS;
		}

		/**
		 * Whether the method's run ends when what it returns completes, not when it
		 * returns.
		 * @return whether it is asynchronous
		 */
		public boolean isAsync() {
			return this == ASYNC_VALUE || this == ASYNC_OBSERVER || this == ASYNC_ROWS;
		}

	}

}
