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
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import com.jayway.jsonpath.JsonPath;
import io.github.observablemetrics.test.ExternalTool;
import io.github.observablemetrics.test.Promtool;

/**
 * A real Prometheus server, from Debian's {@code prometheus} package, on a free loopback
 * port with its storage in a temporary directory, scraping one target every second and
 * evaluating the starter's rules ({@link Observability#rules()}) every second; and a
 * client of its HTTP API. Closing it stops the server and deletes the directory; a JVM
 * shutdown hook stops the server should a test run end first.
 */
final class PrometheusServer implements AutoCloseable {

	private final LoopbackServer server;

	private PrometheusServer(LoopbackServer server) {
		this.server = server;
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
	 * Starts a server that scrapes a target on the loopback address every second and
	 * evaluates the starter's rules, and waits until it is ready.
	 * @param prometheus the executable
	 * @param targetPort the target's port
	 * @param metricsPath the target's metrics path
	 * @return the server
	 * @throws IOException when it cannot be started
	 */
	static PrometheusServer scraping(ExternalTool prometheus, int targetPort, String metricsPath) throws IOException {
		LoopbackServer server = LoopbackServer.prepare("prometheus");
		Path configuration = server.directory().resolve("prometheus.yml");
		Files.writeString(configuration, """
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				  evaluation_interval: 1s
				rule_files:
				  - %s
				scrape_configs:
				  - job_name: sample-app
				    metrics_path: %s
				    static_configs:
				      - targets: ['127.0.0.1:%d']
				""".formatted(Observability.rules(), metricsPath, targetPort));
		server.start(prometheus, "--config.file=" + configuration, "--web.listen-address=127.0.0.1:" + server.port(),
				"--storage.tsdb.path=" + server.directory().resolve("data"));
		return new PrometheusServer(server);
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
	 * Runs an instant query at a given time, so that several queries see the same
	 * samples.
	 * @param promql the query
	 * @param epochMillis the evaluation time
	 * @return the result vector, as {@link #query(String)} returns it
	 */
	List<Map<String, Object>> query(String promql, long epochMillis) {
		return JsonPath.read(
				api("/api/v1/query", "query", promql, "time",
						String.format(Locale.ROOT, "%d.%03d", epochMillis / 1000, epochMillis % 1000)),
				"$.data.result");
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
	 * The values of a label among the series that match a selector, as Grafana's
	 * {@code label_values(selector, label)} lists them.
	 * @param label the label
	 * @param selector the selector
	 * @return the values
	 */
	List<String> labelValues(String label, String selector) {
		return JsonPath.read(api("/api/v1/label/" + label + "/values", "match[]", selector), "$.data");
	}

	/**
	 * The alerts of the loaded rules that are pending or firing.
	 * @return each alert's {@code labels}, {@code annotations} and {@code state}
	 */
	List<Map<String, Object>> alerts() {
		return JsonPath.read(api("/api/v1/alerts"), "$.data.alerts");
	}

	/**
	 * The server's log so far.
	 * @return the log
	 */
	String log() {
		return this.server.log();
	}

	private String api(String path, String... parameters) {
		StringJoiner query = new StringJoiner("&", "?", "");
		for (int i = 0; i < parameters.length; i += 2) {
			query.add(URLEncoder.encode(parameters[i], StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
		}
		try {
			HttpResponse<String> response = this.server.get(path + query);
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

	@Override
	public void close() {
		this.server.close();
	}

}
