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

package io.github.observablemetrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import io.github.observablemetrics.test.NettyServer;
import io.github.observablemetrics.test.PrometheusText;
import io.github.observablemetrics.test.RunningApplication;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scrape semantics in a WebFlux application on Reactor Netty, over real HTTP; and no
 * callback runs on, nor does a scrape wait on, a Netty event-loop thread.
 */
class ReactiveScrapeTests {

	/**
	 * Names of Reactor Netty's event-loop threads ({@code reactor-http-nio-1},
	 * {@code reactor-http-epoll-1}, ...).
	 */
	private static final Pattern EVENT_LOOP = Pattern.compile("reactor-http-.*|.*event-?loop.*",
			Pattern.CASE_INSENSITIVE);

	private static RunningApplication app;

	private static Inventory inventory;

	@BeforeAll
	static void start() {
		app = RunningApplication.start(WebApplicationType.REACTIVE, new Class<?>[] { ReactiveConfiguration.class });
		inventory = app.bean(Inventory.class);
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@BeforeEach
	void reset() {
		inventory.stock.clear();
		inventory.stock.put("apple", 3);
		inventory.stock.put("pear", 5);
	}

	@Test
	void theApplicationRunsOnNettyEventLoops() throws Exception {
		Object server = app.context().getClass().getMethod("getWebServer").invoke(app.context());
		assertThat(server.getClass().getSimpleName()).isEqualTo("NettyWebServer");
		assertThat(app.get("/thread")).matches(EVENT_LOOP);
	}

	@Test
	void valuesAppearInTheScrape() {
		PrometheusText scrape = app.scrape();
		assertThat(scrape.value("inventory_items", "sku", "apple")).contains(3.0);
		assertThat(scrape.value("inventory_received_total", "sku", "pear")).contains(200.0);
	}

	@Test
	void seriesAppearAndVanishInTheSameScrape() {
		app.scrape();
		inventory.stock.remove("pear");
		inventory.stock.put("plum", 7);
		PrometheusText scrape = app.scrape();
		assertThat(scrape.value("inventory_items", "sku", "plum")).contains(7.0);
		assertThat(scrape.value("inventory_items", "sku", "pear")).isEmpty();
		assertThat(scrape.value("inventory_items", "sku", "apple")).contains(3.0);
	}

	@Test
	void oneScrapeRunsACallbackOnce() {
		int before = inventory.calls.get();
		app.scrape();
		assertThat(inventory.calls.get() - before).isOne();
		app.scrape();
		assertThat(inventory.calls.get() - before).isEqualTo(2);
	}

	@Test
	void noCallbackRunsOnAnEventLoopThread() {
		app.scrape();
		app.scrape("inventory_items");
		assertThat(inventory.threads).isNotEmpty().noneMatch((name) -> EVENT_LOOP.matcher(name).matches());
	}

	@Test
	void noScrapeReadsTheRegistryOnAnEventLoopThread() {
		app.scrape();
		ScrapeThreads scrapeThreads = app.bean(ScrapeThreads.class);
		assertThat(scrapeThreads.names).isNotEmpty().noneMatch((name) -> EVENT_LOOP.matcher(name).matches());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(NettyServer.class)
	static class ReactiveConfiguration {

		@Bean
		Inventory inventory() {
			return new Inventory();
		}

		@Bean
		ScrapeThreads scrapeThreads(MeterRegistry registry) {
			return new ScrapeThreads(registry);
		}

		@Bean
		RouterFunction<ServerResponse> threadRoute() {
			return RouterFunctions.route(RequestPredicates.GET("/thread"),
					(request) -> ServerResponse.ok().bodyValue(Thread.currentThread().getName()));
		}

	}

	static class Inventory {

		final AtomicInteger calls = new AtomicInteger();

		final Map<String, Integer> stock = new ConcurrentHashMap<>();

		final Set<String> threads = ConcurrentHashMap.newKeySet();

		@ObservableMetric(name = "inventory.items")
		@ObservableMetric(name = "inventory.received", type = ObservableMetric.Type.COUNTER)
		void report(MetricObserver observer) {
			this.calls.incrementAndGet();
			this.threads.add(Thread.currentThread().getName());
			this.stock.forEach((sku, count) -> {
				observer.observe("inventory.items", count, "sku", sku);
				observer.observe("inventory.received", 40.0 * count, "sku", sku);
			});
		}

	}

	/**
	 * Records the threads that read the registry for a scrape: a gauge of its own, read
	 * by every scrape on the thread that serves it.
	 */
	static class ScrapeThreads implements SmartInitializingSingleton {

		final Set<String> names = ConcurrentHashMap.newKeySet();

		private final MeterRegistry registry;

		ScrapeThreads(MeterRegistry registry) {
			this.registry = registry;
		}

		@Override
		public void afterSingletonsInstantiated() {
			Gauge.builder("scrape.thread.probe", this, (probe) -> {
				probe.names.add(Thread.currentThread().getName());
				return 1;
			}).register(this.registry);
		}

	}

}
