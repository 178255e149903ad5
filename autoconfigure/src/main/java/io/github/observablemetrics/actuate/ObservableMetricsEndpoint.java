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

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.observablemetrics.actuate.ObservableMetricsEndpoint.ObservableMetricsEndpointRuntimeHints;
import io.github.observablemetrics.internal.CallbackDeclaration;
import io.github.observablemetrics.internal.MetricDeclaration;
import io.github.observablemetrics.internal.ObservableMetricsRegistrar;
import io.github.observablemetrics.internal.CallbackState;
import io.micrometer.core.instrument.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.context.annotation.ImportRuntimeHints;

/**
 * {@link Endpoint @Endpoint} that shows what every
 * {@link io.github.observablemetrics.ObservableMetric @ObservableMetric} callback of the
 * application declares and what it did last. Reading it runs no callback.
 *
 * @author The Observable Metrics team
 * @since 0.1.0
 */
@Endpoint(id = "observablemetrics")
@ImportRuntimeHints(ObservableMetricsEndpointRuntimeHints.class)
public class ObservableMetricsEndpoint {

	private final ObservableMetricsRegistrar registrar;

	/**
	 * Creates an endpoint.
	 * @param registrar the registrar whose callbacks the endpoint shows
	 */
	public ObservableMetricsEndpoint(ObservableMetricsRegistrar registrar) {
		this.registrar = registrar;
	}

	/**
	 * Describes every registered callback.
	 * @return the descriptor
	 */
	@ReadOperation
	public ObservableMetricsDescriptor observableMetrics() {
		return new ObservableMetricsDescriptor(this.registrar.states().stream().map(CallbackDescriptor::of).toList());
	}

	/**
	 * The callbacks of an application.
	 *
	 * @param callbacks one descriptor per callback, in registration order
	 */
	public record ObservableMetricsDescriptor(List<CallbackDescriptor> callbacks) implements OperationResponseBody {

	}

	/**
	 * One callback: the annotated method, the metrics it feeds, and what it did last.
	 *
	 * @param id the identifier, the {@code callback} tag of the starter's own metrics
	 * @param bean the name of the bean
	 * @param method the annotated method, such as
	 * {@code com.example.Inventory.report(MetricObserver)}
	 * @param metrics the metrics the method feeds
	 * @param invocations how many times it ran
	 * @param lastRun when its last run returned, or {@code null} if it never ran
	 * @param lastDuration how long its last run took, or {@code null} if it never ran
	 * @param lastSeries how many series its last run reported
	 * @param lastError why its last run failed or timed out, or {@code null} if it
	 * succeeded
	 * @param running whether it is running now
	 * @param up whether its last run succeeded, or {@code null} until it first ran or
	 * timed out
	 */
	public record CallbackDescriptor(String id, String bean, String method, List<MetricDescriptor> metrics,
			long invocations, @Nullable Instant lastRun, @Nullable Duration lastDuration, int lastSeries,
			@Nullable String lastError, boolean running, @Nullable Boolean up) {

		static CallbackDescriptor of(CallbackState state) {
			CallbackDeclaration declaration = state.declaration();
			return new CallbackDescriptor(declaration.id(), declaration.beanName(), declaration.signature(),
					declaration.metrics().stream().map(MetricDescriptor::of).toList(), state.invocations(),
					state.lastRun(), state.lastDuration(), state.lastSeries(), state.lastError(), state.running(),
					state.up());
		}

	}

	/**
	 * One metric a callback feeds, as declared.
	 *
	 * @param name the Micrometer metric name
	 * @param type the meter type: {@code GAUGE}, {@code COUNTER} or
	 * {@code UP_DOWN_COUNTER}
	 * @param unit the base unit, or {@code null} for none
	 * @param description the description, or {@code null} for none
	 * @param tags the constant tags, in declaration order
	 */
	public record MetricDescriptor(String name, String type, @Nullable String unit, @Nullable String description,
			Map<String, String> tags) {

		static MetricDescriptor of(MetricDeclaration metric) {
			Map<String, String> tags = new LinkedHashMap<>();
			for (Tag tag : metric.constantTags()) {
				tags.put(tag.getKey(), tag.getValue());
			}
			return new MetricDescriptor(metric.name(), metric.type().name(),
					metric.timeGauge() ? "seconds" : metric.unit(), metric.description(), tags);
		}

	}

	static class ObservableMetricsEndpointRuntimeHints implements RuntimeHintsRegistrar {

		private final BindingReflectionHintsRegistrar bindingRegistrar = new BindingReflectionHintsRegistrar();

		@Override
		public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
			this.bindingRegistrar.registerReflectionHints(hints.reflection(), ObservableMetricsDescriptor.class);
		}

	}

}
