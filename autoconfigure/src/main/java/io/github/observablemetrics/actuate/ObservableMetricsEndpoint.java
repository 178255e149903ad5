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

package io.github.observablemetrics.actuate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.github.observablemetrics.ObservableMetricCallback;
import io.github.observablemetrics.ObservableMetricCallbackHolder;
import io.github.observablemetrics.actuate.ObservableMetricsEndpoint.ObservableMetricsEndpointRuntimeHints;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.context.annotation.ImportRuntimeHints;

/**
 * {@link Endpoint @Endpoint} that shows what every
 * {@link io.github.observablemetrics.ObservableMetric @ObservableMetric} callback of the
 * application declares and what it did last, as told by the
 * {@link ObservableMetricCallbackHolder holders} of the application context. Reading it
 * runs no callback.
 * <p>
 * Like the details of Spring Boot's {@code health} endpoint, the message of a callback's
 * last error is shown only as {@link Show show-details} allows; without it, the endpoint
 * still shows that the callback failed, when, and the exception's class.
 *
 * @author The Observable Metrics team
 * @since 0.1.0
 */
@Endpoint(id = "observablemetrics")
@ImportRuntimeHints(ObservableMetricsEndpointRuntimeHints.class)
public class ObservableMetricsEndpoint {

	private final List<ObservableMetricCallbackHolder> holders;

	private final Show showDetails;

	private final Set<String> roles;

	/**
	 * Creates an endpoint that never shows error messages.
	 * @param holders the holders whose callbacks the endpoint shows
	 */
	public ObservableMetricsEndpoint(Collection<? extends ObservableMetricCallbackHolder> holders) {
		this(holders, Show.NEVER, Set.of());
	}

	/**
	 * Creates an endpoint.
	 * @param holders the holders whose callbacks the endpoint shows
	 * @param showDetails when to show the message of a callback's last error
	 * @param roles the roles a user needs for {@link Show#WHEN_AUTHORIZED}; when empty,
	 * any authenticated user
	 */
	public ObservableMetricsEndpoint(Collection<? extends ObservableMetricCallbackHolder> holders, Show showDetails,
			Set<String> roles) {
		this.holders = List.copyOf(holders);
		this.showDetails = showDetails;
		this.roles = Set.copyOf(roles);
	}

	/**
	 * Describes every callback.
	 * @param securityContext the security context of the caller
	 * @return the descriptor
	 */
	@ReadOperation
	public ObservableMetricsDescriptor observableMetrics(SecurityContext securityContext) {
		boolean details = this.showDetails.isShown(securityContext, this.roles);
		List<ObservableMetricCallback> callbacks = new ArrayList<>();
		for (ObservableMetricCallbackHolder holder : this.holders) {
			for (ObservableMetricCallback callback : holder.getObservableMetricCallbacks()) {
				callbacks.add(details ? callback : callback.withoutErrorMessage());
			}
		}
		return new ObservableMetricsDescriptor(callbacks);
	}

	/**
	 * The callbacks of an application.
	 *
	 * @param callbacks one description per callback, holder by holder, each in
	 * registration order
	 * @since 0.1.0
	 */
	public record ObservableMetricsDescriptor(
			List<ObservableMetricCallback> callbacks) implements OperationResponseBody {

	}

	static class ObservableMetricsEndpointRuntimeHints implements RuntimeHintsRegistrar {

		private final BindingReflectionHintsRegistrar bindingRegistrar = new BindingReflectionHintsRegistrar();

		@Override
		public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
			this.bindingRegistrar.registerReflectionHints(hints.reflection(), ObservableMetricsDescriptor.class);
		}

	}

}
