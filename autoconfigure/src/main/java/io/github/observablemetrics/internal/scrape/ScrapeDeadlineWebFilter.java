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

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * On a reactive server, where an endpoint runs on another thread than the one that reads
 * the request, carries Prometheus' {@value ScrapeDeadline#HEADER} header to the
 * {@code prometheus} endpoint's invocation as the
 * {@value ScrapeDeadlineOperationInvokerAdvisor#ARGUMENT} query parameter.
 */
public final class ScrapeDeadlineWebFilter implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String timeout = exchange.getRequest().getHeaders().getFirst(ScrapeDeadline.HEADER);
		if (timeout == null || ScrapeDeadline.parse(timeout) == null) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate()
			.request((request) -> request.uri(UriComponentsBuilder.fromUri(exchange.getRequest().getURI())
				.replaceQueryParam(ScrapeDeadlineOperationInvokerAdvisor.ARGUMENT, timeout)
				.build(true)
				.toUri()))
			.build());
	}

}
