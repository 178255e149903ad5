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

package io.github.observablemetrics.internal.scrape;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Gives the {@code prometheus} endpoint's scrapes the deadline Prometheus sends in the
 * {@value ScrapeDeadline#HEADER} header: read from the servlet request, or from the
 * invocation's {@value #ARGUMENT} argument, which {@link ScrapeDeadlineWebFilter} sets on
 * a reactive server.
 */
public final class ScrapeDeadlineOperationInvokerAdvisor implements OperationInvokerAdvisor {

	/**
	 * The query parameter that carries the header's value to the endpoint's invocation on
	 * a reactive server.
	 */
	public static final String ARGUMENT = "observable-metrics-scrape-timeout-seconds";

	private static final EndpointId PROMETHEUS = EndpointId.of("prometheus");

	private static final boolean servlet = ClassUtils.isPresent(
			"org.springframework.web.context.request.ServletRequestAttributes",
			ScrapeDeadlineOperationInvokerAdvisor.class.getClassLoader())
			&& ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest",
					ScrapeDeadlineOperationInvokerAdvisor.class.getClassLoader());

	private final Duration margin;

	/**
	 * Creates an advisor.
	 * @param margin the time a scrape keeps for writing its response
	 */
	public ScrapeDeadlineOperationInvokerAdvisor(Duration margin) {
		this.margin = margin;
	}

	@Override
	public OperationInvoker apply(EndpointId endpointId, OperationType operationType, OperationParameters parameters,
			OperationInvoker invoker) {
		if (!PROMETHEUS.equals(endpointId) || operationType != OperationType.READ) {
			return invoker;
		}
		return (context) -> ScrapeDeadline.during(timeoutSeconds(context), this.margin, () -> invoke(invoker, context));
	}

	private static @Nullable Object invoke(OperationInvoker invoker, InvocationContext context) {
		return invoker.invoke(context);
	}

	private static @Nullable String timeoutSeconds(InvocationContext context) {
		Object argument = context.getArguments().get(ARGUMENT);
		if (argument instanceof List<?> values) {
			argument = values.isEmpty() ? null : values.get(0);
		}
		if (argument != null) {
			return argument.toString();
		}
		if (servlet) {
			RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
			if (attributes instanceof ServletRequestAttributes request) {
				return request.getRequest().getHeader(ScrapeDeadline.HEADER);
			}
		}
		return null;
	}

}
