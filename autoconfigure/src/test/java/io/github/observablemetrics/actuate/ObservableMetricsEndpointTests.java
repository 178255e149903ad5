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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.observablemetrics.MetricObserver;
import io.github.observablemetrics.ObservableMetric;
import io.github.observablemetrics.ObservableMetric.Type;
import io.github.observablemetrics.test.RunningApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code observablemetrics} endpoint over HTTP.
 */
class ObservableMetricsEndpointTests {

	private static RunningApplication app;

	private static DocumentContext beforeAnyScrape;

	@BeforeAll
	static void start() {
		app = RunningApplication.start(new Class<?>[] { EndpointConfiguration.class },
				"management.endpoints.web.exposure.include=observablemetrics,prometheus");
		beforeAnyScrape = read();
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void describesEachCallbackWithItsBeanMethodAndMetrics() {
		Map<String, Object> orders = callback(read(), "orders");
		assertThat(orders).containsEntry("id", "orders.pending")
			.containsEntry("beanType", Orders.class.getName())
			.containsEntry("method", Orders.class.getName() + ".pending()");
		assertThat(metrics(orders)).containsExactly(Map.of("name", "orders.pending", "type", "GAUGE", "unit", "orders",
				"description", "Orders waiting to be shipped", "tags", Map.of("queue", "main", "region", "eu")));
		Map<String, Object> inventory = callback(read(), "inventory");
		assertThat(inventory).containsEntry("method", Inventory.class.getName() + ".report(MetricObserver)");
		assertThat(metrics(inventory)).extracting((metric) -> metric.get("name") + " " + metric.get("type"))
			.containsExactly("inventory.items GAUGE", "inventory.received COUNTER");
	}

	@Test
	void aCallbackThatNeverRanHasNoLastRun() {
		Map<String, Object> orders = callback(beforeAnyScrape, "orders");
		assertThat(orders).containsEntry("invocations", 0)
			.containsEntry("running", false)
			.doesNotContainKeys("lastRun", "lastDuration", "lastError", "up");
	}

	@Test
	void readingTheEndpointRunsNoCallback() {
		int before = app.bean(Orders.class).calls.get();
		read();
		assertThat(app.bean(Orders.class).calls).hasValue(before);
	}

	@Test
	void showsWhatEachCallbackDidInItsLastRun() {
		int invocations = (int) callback(read(), "orders").get("invocations");
		// the callback's last run is kept to the millisecond
		Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		app.scrape();
		Instant after = Instant.now();
		DocumentContext json = read();
		Map<String, Object> orders = callback(json, "orders");
		assertThat(orders).containsEntry("invocations", invocations + 1)
			.containsEntry("lastSeries", 1)
			.containsEntry("running", false)
			.containsEntry("up", true)
			.doesNotContainKey("lastError");
		assertThat(Instant.parse((String) orders.get("lastRun"))).isBetween(before, after);
		assertThat(Duration.parse((String) orders.get("lastDuration"))).isPositive()
			.isLessThanOrEqualTo(Duration.between(before, after));
		assertThat(callback(json, "inventory")).containsEntry("lastSeries", 3).containsEntry("up", true);
	}

	@Test
	void showsThatACallbackFailedWhenAndWithWhichExceptionButNotTheMessageByDefault() {
		app.scrape();
		Map<String, Object> broken = callback(read(), "broken");
		assertThat(broken).containsEntry("up", false)
			.containsEntry("lastError", Map.of("type", "java.lang.IllegalStateException"))
			.containsEntry("lastSeries", 0)
			.containsKey("lastRun");
	}

	@Test
	void handsOutDescriptionsAndNeverTheBeans() {
		assertThat(callback(read(), "orders")).containsOnlyKeys("id", "bean", "beanType", "method", "metrics",
				"invocations", "lastRun", "lastDuration", "lastSeries", "running", "up");
	}

	@Test
	void showsACallbackThatIsRunningNow() throws Exception {
		Gate gate = app.bean(Gate.class);
		gate.close();
		Thread scrape = new Thread(() -> app.scrape("gate_value"));
		scrape.start();
		try {
			assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(callback(read(), "gate")).containsEntry("running", true);
		}
		finally {
			gate.open();
			scrape.join(10_000);
		}
		assertThat(callback(read(), "gate")).containsEntry("running", false).containsEntry("up", true);
	}

	@Test
	void isExposedOverHttpOnlyWhenIncluded() {
		try (RunningApplication notIncluded = RunningApplication.start(new Class<?>[] { EndpointConfiguration.class },
				"management.endpoints.web.exposure.include=health,prometheus")) {
			assertThat(notIncluded.send("/actuator/observablemetrics", null).statusCode()).isEqualTo(404);
			assertThat(notIncluded.send("/actuator/prometheus", null).statusCode()).isEqualTo(200);
		}
	}

	private static DocumentContext read() {
		return JsonPath.parse(app.get("/actuator/observablemetrics"));
	}

	private static Map<String, Object> callback(DocumentContext json, String bean) {
		List<Map<String, Object>> matching = json.read("$.callbacks[?(@.bean == '" + bean + "')]");
		assertThat(matching).hasSize(1);
		return matching.get(0);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> metrics(Map<String, Object> callback) {
		return (List<Map<String, Object>>) callback.get("metrics");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class EndpointConfiguration {

		@Bean
		Orders orders() {
			return new Orders();
		}

		@Bean
		Inventory inventory() {
			return new Inventory();
		}

		@Bean
		Broken broken() {
			return new Broken();
		}

		@Bean
		Gate gate() {
			return new Gate();
		}

	}

	static class Orders {

		final AtomicInteger calls = new AtomicInteger();

		@ObservableMetric(name = "orders.pending", description = "Orders waiting to be shipped", unit = "orders",
				tags = { "queue=main", "region=eu" })
		int pending() {
			this.calls.incrementAndGet();
			return 4;
		}

	}

	static class Inventory {

		@ObservableMetric(name = "inventory.items", description = "Items in stock")
		@ObservableMetric(name = "inventory.received", type = Type.COUNTER)
		void report(MetricObserver observer) {
			observer.observe("inventory.items", 3, "sku", "apple");
			observer.observe("inventory.items", 5, "sku", "pear");
			observer.observe("inventory.received", 120, "sku", "apple");
		}

	}

	static class Broken {

		@ObservableMetric(name = "broken.value")
		double value() {
			throw new IllegalStateException("database is down");
		}

	}

	static class Gate {

		final CountDownLatch entered = new CountDownLatch(1);

		private volatile CountDownLatch released = new CountDownLatch(0);

		void close() {
			this.released = new CountDownLatch(1);
		}

		void open() {
			this.released.countDown();
		}

		@ObservableMetric(name = "gate.value")
		double value() throws InterruptedException {
			CountDownLatch released = this.released;
			if (released.getCount() > 0) {
				this.entered.countDown();
				released.await(10, TimeUnit.SECONDS);
			}
			return 1;
		}

	}

}
