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

package io.github.observablemetrics.sample;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Optional;

import io.github.observablemetrics.test.ExternalTool;
import io.github.observablemetrics.test.PrometheusText;

/**
 * A real Prometheus Pushgateway, from Debian's {@code prometheus-pushgateway} package, on
 * a free loopback port and without persistence, so that it starts empty; and a client of
 * its {@code /metrics}. Closing it stops the process; a JVM shutdown hook stops it should
 * a test run end first.
 */
final class PushgatewayServer implements AutoCloseable {

	static final String EXECUTABLE = "prometheus-pushgateway";

	private static final String INSTALL_HINT = "on Debian or Ubuntu: apt-get install prometheus-pushgateway";

	private final LoopbackServer server;

	private PushgatewayServer(LoopbackServer server) {
		this.server = server;
	}

	/**
	 * Finds the executable, or skips the test (fails it under CI) where it is missing.
	 * @return the executable
	 * @see ExternalTool#require
	 */
	static ExternalTool require() {
		return ExternalTool.require(EXECUTABLE, INSTALL_HINT);
	}

	/**
	 * Finds the executable.
	 * @return the executable, or empty where it is missing
	 */
	static Optional<ExternalTool> find() {
		return ExternalTool.find(EXECUTABLE);
	}

	/**
	 * Starts a Pushgateway on a free loopback port and waits until it is ready.
	 * @param pushgateway the executable
	 * @return the server
	 * @throws IOException when it cannot be started
	 */
	static PushgatewayServer start(ExternalTool pushgateway) throws IOException {
		LoopbackServer server = LoopbackServer.prepare("pushgateway");
		// an empty persistence file keeps nothing: Debian's package otherwise persists to
		// a
		// file under /var/lib, which the next run would read and this one would write
		server.start(pushgateway, "--web.listen-address=127.0.0.1:" + server.port(), "--persistence.file=");
		return new PushgatewayServer(server);
	}

	/**
	 * The address to push to, as {@code host:port}.
	 * @return the address
	 */
	String address() {
		return "127.0.0.1:" + this.server.port();
	}

	/**
	 * What the Pushgateway exposes: the pushed groups and its own metrics.
	 * @return the parsed {@code /metrics}
	 */
	PrometheusText metrics() {
		try {
			HttpResponse<String> response = this.server.get("/metrics");
			if (response.statusCode() != 200) {
				throw new IllegalStateException("/metrics answered " + response.statusCode() + ": " + response.body());
			}
			return PrometheusText.parse(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET /metrics failed", ex);
		}
	}

	/**
	 * How many pushes with a method the Pushgateway has answered, from its own request
	 * counter.
	 * @param metrics what the Pushgateway exposes
	 * @param method the method, {@code post} or {@code put}
	 * @return the number of pushes
	 */
	static long pushes(PrometheusText metrics, String method) {
		return (long) metrics.samples("pushgateway_http_requests_total")
			.stream()
			.filter((sample) -> "push".equals(sample.labels().get("handler"))
					&& method.equals(sample.labels().get("method")))
			.mapToDouble(PrometheusText.Sample::value)
			.sum();
	}

	@Override
	public void close() {
		this.server.close();
	}

}
