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
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;

/**
 * An OTLP/HTTP metrics receiver on a free loopback port, as an OpenTelemetry Collector's
 * {@code otlp} receiver would be: it takes {@code POST /v1/metrics} requests in protobuf,
 * decodes them with the {@code opentelemetry-proto} messages, answers with an empty
 * export response, and queues them for a test to wait for.
 */
final class OtlpReceiver implements AutoCloseable {

	private final HttpServer server;

	private final BlockingQueue<ExportMetricsServiceRequest> requests = new LinkedBlockingQueue<>();

	private OtlpReceiver(HttpServer server) {
		this.server = server;
	}

	static OtlpReceiver start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		OtlpReceiver receiver = new OtlpReceiver(server);
		server.createContext("/v1/metrics", receiver::receive);
		server.start();
		return receiver;
	}

	/**
	 * Where to send metrics.
	 * @return the URL of the metrics endpoint
	 */
	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/metrics";
	}

	private void receive(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			InputStream body = exchange.getRequestBody();
			if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
				body = new GZIPInputStream(body);
			}
			this.requests.add(ExportMetricsServiceRequest.parseFrom(body));
			byte[] response = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, (response.length > 0) ? response.length : -1);
			exchange.getResponseBody().write(response);
		}
	}

	/**
	 * Forgets the requests received so far.
	 */
	void clear() {
		this.requests.clear();
	}

	/**
	 * Waits for the next request that holds a metric.
	 * @param name the metric's name
	 * @param deadline how long to wait
	 * @return the metric as that request holds it
	 * @throws InterruptedException when interrupted while waiting
	 * @throws AssertionError when no such request arrives in time
	 */
	Metric awaitMetric(String name, Duration deadline) throws InterruptedException {
		return awaitMetric(name, deadline, (metric) -> true);
	}

	/**
	 * Waits for the next request that holds a metric in a given state.
	 * @param name the metric's name
	 * @param deadline how long to wait
	 * @param state the state the metric must be in
	 * @return the metric as that request holds it
	 * @throws InterruptedException when interrupted while waiting
	 * @throws AssertionError when no such request arrives in time
	 */
	Metric awaitMetric(String name, Duration deadline, Predicate<Metric> state) throws InterruptedException {
		long end = System.nanoTime() + deadline.toNanos();
		Optional<Metric> last = Optional.empty();
		for (long left = deadline.toNanos(); left > 0; left = end - System.nanoTime()) {
			ExportMetricsServiceRequest request = this.requests.poll(left, TimeUnit.NANOSECONDS);
			Optional<Metric> metric = (request != null) ? metric(request, name) : Optional.empty();
			if (metric.isPresent() && state.test(metric.get())) {
				return metric.get();
			}
			last = metric.isPresent() ? metric : last;
		}
		throw new AssertionError("No OTLP request with the metric '" + name + "' in the expected state within "
				+ deadline + "; the last one received was " + last.map(Metric::toString).orElse("none"));
	}

	private static Optional<Metric> metric(ExportMetricsServiceRequest request, String name) {
		return request.getResourceMetricsList()
			.stream()
			.flatMap((resource) -> resource.getScopeMetricsList().stream())
			.flatMap((scope) -> scope.getMetricsList().stream())
			.filter((metric) -> metric.getName().equals(name))
			.findFirst();
	}

	/**
	 * The value of a data point, whichever of its two value fields is set.
	 * @param point the data point
	 * @return the value
	 */
	static double value(NumberDataPoint point) {
		return (point.getValueCase() == NumberDataPoint.ValueCase.AS_INT) ? point.getAsInt() : point.getAsDouble();
	}

	/**
	 * The attributes of a data point, as strings.
	 * @param point the data point
	 * @return the attributes by key
	 */
	static Map<String, String> attributes(NumberDataPoint point) {
		return attributes(point.getAttributesList());
	}

	static Map<String, String> attributes(List<KeyValue> attributes) {
		return attributes.stream()
			.collect(Collectors.toMap(KeyValue::getKey, (attribute) -> attribute.getValue().getStringValue()));
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
