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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.jayway.jsonpath.JsonPath;
import io.github.observablemetrics.ObservableMetric;
import io.github.observablemetrics.test.RunningApplication;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code management.endpoint.observablemetrics.show-details} over HTTP, for a caller
 * without a principal, one with a principal but not the role, and one with the role.
 */
class ObservableMetricsEndpointDetailsTests {

	private static final Map<String, String> WITHOUT_MESSAGE = Map.of("type", "java.lang.IllegalStateException");

	private static final Map<String, String> WITH_MESSAGE = Map.of("type", "java.lang.IllegalStateException", "message",
			"database is down");

	@Test
	void neverShowsTheMessageByDefaultNotEvenToAnAuthorizedUser() {
		try (RunningApplication app = start()) {
			assertThat(lastError(app, null, null)).isEqualTo(WITHOUT_MESSAGE);
			assertThat(lastError(app, "alice", "ops")).isEqualTo(WITHOUT_MESSAGE);
		}
	}

	@Test
	void showsTheMessageWhenAuthorizedOnlyToAUserInOneOfTheRoles() {
		try (RunningApplication app = start("management.endpoint.observablemetrics.show-details=when-authorized",
				"management.endpoint.observablemetrics.roles=ops,admin")) {
			assertThat(lastError(app, null, null)).isEqualTo(WITHOUT_MESSAGE);
			assertThat(lastError(app, "bob", "dev")).isEqualTo(WITHOUT_MESSAGE);
			assertThat(lastError(app, "alice", "ops")).isEqualTo(WITH_MESSAGE);
		}
	}

	@Test
	void showsTheMessageWhenAuthorizedToAnyAuthenticatedUserWithoutRoles() {
		try (RunningApplication app = start("management.endpoint.observablemetrics.show-details=when-authorized")) {
			assertThat(lastError(app, null, null)).isEqualTo(WITHOUT_MESSAGE);
			assertThat(lastError(app, "bob", "dev")).isEqualTo(WITH_MESSAGE);
		}
	}

	@Test
	void alwaysShowsTheMessageToEveryone() {
		try (RunningApplication app = start("management.endpoint.observablemetrics.show-details=always")) {
			assertThat(lastError(app, null, null)).isEqualTo(WITH_MESSAGE);
			assertThat(lastError(app, "alice", "ops")).isEqualTo(WITH_MESSAGE);
		}
	}

	private static RunningApplication start(String... properties) {
		RunningApplication app = RunningApplication.start(new Class<?>[] { DetailsConfiguration.class }, properties);
		app.scrape();
		return app;
	}

	/**
	 * The last error of the failing callback, as a caller sees it.
	 * @param user the caller's principal, or {@code null} for an anonymous caller
	 * @param roles the caller's roles, comma-separated
	 */
	private static Map<String, Object> lastError(RunningApplication app, String user, String roles) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/actuator/observablemetrics"));
		if (user != null) {
			request.header(PrincipalFilter.USER, user).header(PrincipalFilter.ROLES, roles);
		}
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			List<Map<String, Object>> errors = JsonPath.parse(response.body())
				.read("$.callbacks[?(@.bean == 'broken')].lastError");
			assertThat(errors).hasSize(1);
			return errors.get(0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class DetailsConfiguration {

		@Bean
		Broken broken() {
			return new Broken();
		}

		@Bean
		Filter principalFilter() {
			return new PrincipalFilter();
		}

	}

	/**
	 * Authenticates a request as the user its headers name, with their roles, as a
	 * servlet container's authentication would.
	 */
	static class PrincipalFilter implements Filter {

		static final String USER = "X-Test-User";

		static final String ROLES = "X-Test-Roles";

		@Override
		public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response,
				jakarta.servlet.FilterChain chain) throws IOException, jakarta.servlet.ServletException {
			HttpServletRequest http = (HttpServletRequest) request;
			String user = http.getHeader(USER);
			if (user == null) {
				chain.doFilter(request, response);
				return;
			}
			Set<String> roles = Set.of(http.getHeader(ROLES).split(","));
			chain.doFilter(new HttpServletRequestWrapper(http) {

				@Override
				public Principal getUserPrincipal() {
					return () -> user;
				}

				@Override
				public boolean isUserInRole(String role) {
					return roles.contains(role);
				}

			}, response);
		}

	}

	static class Broken {

		@ObservableMetric(name = "broken.value")
		double value() {
			throw new IllegalStateException("database is down");
		}

	}

}
