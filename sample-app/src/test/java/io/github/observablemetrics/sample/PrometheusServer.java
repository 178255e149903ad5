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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import com.jayway.jsonpath.JsonPath;
import io.github.observablemetrics.test.ExternalTool;
import io.github.observablemetrics.test.Promtool;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server, from Debian's {@code prometheus} package, on a free loopback
 * port with its storage in a temporary directory, scraping one target every second; and a
 * client of its HTTP API. Closing it stops the server and deletes the directory; a JVM
 * shutdown hook stops the server should a test run end first.
 */
final class PrometheusServer implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Path directory;

	private final ExternalTool.Started process;

	private final String base;

	private PrometheusServer(Path directory, ExternalTool.Started process, int port) {
		this.directory = directory;
		this.process = process;
		this.base = "http://127.0.0.1:" + port;
	}

	/**
	 * Finds the {@code prometheus} executable, or skips the test (fails it under CI)
	 * where it is missing.
	 * @return the executable
	 * @see ExternalTool#require
	 */
	static ExternalTool require() {
		return ExternalTool.require("prometheus", Promtool.INSTALL_HINT);
	}

	/**
	 * Finds the {@code prometheus} executable.
	 * @return the executable, or empty where it is missing
	 */
	static Optional<ExternalTool> find() {
		return ExternalTool.find("prometheus");
	}

	/**
	 * Starts a server that scrapes a target on the loopback address every second, and
	 * waits until it is ready.
	 * @param prometheus the executable
	 * @param targetPort the target's port
	 * @param metricsPath the target's metrics path
	 * @return the server
	 * @throws IOException when it cannot be started
	 */
	static PrometheusServer scraping(ExternalTool prometheus, int targetPort, String metricsPath) throws IOException {
		Path directory = Files.createTempDirectory("prometheus-server");
		Path configuration = directory.resolve("prometheus.yml");
		Files.writeString(configuration, """
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				scrape_configs:
				  - job_name: sample-app
				    metrics_path: %s
				    static_configs:
				      - targets: ['127.0.0.1:%d']
				""".formatted(metricsPath, targetPort));
		int port = freeLoopbackPort();
		ExternalTool.Started process = prometheus.start(directory.resolve("prometheus.log"),
				"--config.file=" + configuration, "--web.listen-address=127.0.0.1:" + port,
				"--storage.tsdb.path=" + directory.resolve("data"));
		PrometheusServer server = new PrometheusServer(directory, process, port);
		try {
			await("Prometheus ready at " + server.base).atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.until(server::isReady);
			return server;
		}
		catch (RuntimeException | Error ex) {
			String log = server.log();
			server.close();
			throw new IllegalStateException("Prometheus did not start; its log:\n" + log, ex);
		}
	}

	private boolean isReady() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException(this.process + " exited");
		}
		try {
			return send("/-/ready").statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Runs an instant query at the current time.
	 * @param promql the query
	 * @return the result vector: each element with its {@code metric} labels and its
	 * {@code value} pair of time and value
	 */
	List<Map<String, Object>> query(String promql) {
		return JsonPath.read(api("/api/v1/query", "query", promql), "$.data.result");
	}

	/**
	 * The series that match a selector and had samples since a time.
	 * @param selector the selector
	 * @param startEpochSeconds the start of the time range
	 * @return the label sets of the series
	 */
	List<Map<String, String>> series(String selector, long startEpochSeconds) {
		return JsonPath.read(api("/api/v1/series", "match[]", selector, "start", Long.toString(startEpochSeconds)),
				"$.data");
	}

	/**
	 * The active scrape targets.
	 * @return the targets, as the API describes them
	 */
	List<Map<String, Object>> activeTargets() {
		return JsonPath.read(api("/api/v1/targets", "state", "active"), "$.data.activeTargets");
	}

	/**
	 * What the targets said about a metric family: its type, help and unit.
	 * @param family the family name, as the scrape's TYPE line gives it
	 * @return the metadata, one entry per distinct description
	 */
	List<Map<String, String>> metadata(String family) {
		return JsonPath.read(api("/api/v1/metadata", "metric", family), "$.data['" + family + "']");
	}

	/**
	 * The server's log so far.
	 * @return the log
	 */
	String log() {
		try {
			return Files.readString(this.directory.resolve("prometheus.log"));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	private String api(String path, String... parameters) {
		StringJoiner query = new StringJoiner("&", "?", "");
		for (int i = 0; i < parameters.length; i += 2) {
			query.add(URLEncoder.encode(parameters[i], StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
		}
		try {
			HttpResponse<String> response = send(path + query);
			if (response.statusCode() != 200) {
				throw new IllegalStateException(
						path + query + " answered " + response.statusCode() + ": " + response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException(path + query + " failed", ex);
		}
	}

	private HttpResponse<String> send(String pathAndQuery) throws IOException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.base + pathAndQuery))
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted", ex);
		}
	}

	private static int freeLoopbackPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() {
		try {
			this.process.close();
		}
		finally {
			ExternalTool.deleteRecursively(this.directory);
		}
	}

}
