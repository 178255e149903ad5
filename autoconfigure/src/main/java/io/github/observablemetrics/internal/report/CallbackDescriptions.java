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

package io.github.observablemetrics.internal.report;

import io.github.observablemetrics.internal.declare.CallbackDeclaration;
import io.github.observablemetrics.internal.declare.MetricDeclaration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.observablemetrics.ObservableMetricCallback;
import io.github.observablemetrics.ObservableMetricCallback.Failure;
import io.micrometer.core.instrument.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;

/**
 * Maps what the registrar knows of a callback to its public description: the one place
 * that reads {@link CallbackState}, so that the public types do not follow the internal
 * ones.
 */
public final class CallbackDescriptions {

	/**
	 * An exception as {@code ObservedCallback} records it: {@code class.Name: message}.
	 */
	private static final Pattern EXCEPTION = Pattern
		.compile("((?:[\\p{L}_$][\\p{L}\\p{N}_$]*\\.)*[\\p{L}_$][\\p{L}\\p{N}_$]*): (.*)", Pattern.DOTALL);

	private CallbackDescriptions() {
	}

	public static ObservableMetricCallback describe(CallbackState state) {
		CallbackDeclaration declaration = state.declaration();
		return new ObservableMetricCallback(declaration.id(), declaration.beanName(),
				AopProxyUtils.ultimateTargetClass(declaration.bean()).getName(), declaration.signature(),
				declaration.metrics().stream().map(CallbackDescriptions::describe).toList(), state.invocations(),
				state.lastRun(), state.lastDuration(), state.lastSeries(), failure(state.lastError()), state.running(),
				state.up(), state.runningSince(), state.heldFor(), state.disabled());
	}

	private static ObservableMetricCallback.Metric describe(MetricDeclaration metric) {
		Map<String, String> tags = new LinkedHashMap<>();
		for (Tag tag : metric.constantTags()) {
			tags.put(tag.getKey(), tag.getValue());
		}
		return new ObservableMetricCallback.Metric(metric.name(), metric.type(),
				metric.timeGauge() ? "seconds" : metric.unit(), metric.description(), tags);
	}

	static @Nullable Failure failure(@Nullable String lastError) {
		if (lastError == null) {
			return null;
		}
		Matcher exception = EXCEPTION.matcher(lastError);
		if (exception.matches()) {
			String message = exception.group(2);
			return new Failure(exception.group(1), "null".equals(message) ? null : message);
		}
		return new Failure(Failure.TIMEOUT, lastError);
	}

}
