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

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.observablemetrics.ObservableMetric.Type;
import io.github.observablemetrics.test.PrometheusText;
import io.github.observablemetrics.test.RunningApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What a Prometheus scrape of {@code /actuator/prometheus} shows, over real HTTP.
 */
@ExtendWith(OutputCaptureExtension.class)
class ScrapeSemanticsTests {

	private static RunningApplication app;

	private static Inventory inventory;

	private static Shapes shapes;

	@BeforeAll
	static void start() {
		app = RunningApplication.start(new Class<?>[] { ScrapeConfiguration.class },
				"management.metrics.tags.region=eu-west", "management.metrics.enable.shapes.disabled=false",
				"test.warehouse=north");
		inventory = app.bean(Inventory.class);
		shapes = app.bean(Shapes.class);
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@BeforeEach
	void reset() {
		inventory.reset();
	}

	@Test
	void counterIsExportedAsAPrometheusCounterWithTotalSuffix() {
		PrometheusText scrape = app.scrape();
		assertThat(scrape.type("inventory_received_total")).isEqualTo("counter");
		assertThat(scrape.value("inventory_received_total", "sku", "apple")).contains(120.0);
	}

	@Test
	void gaugeAndUpDownCounterAreExportedAsGauges() {
		PrometheusText scrape = app.scrape();
		assertThat(scrape.type("inventory_items")).isEqualTo("gauge");
		assertThat(scrape.type("inventory_reserved")).isEqualTo("gauge");
		assertThat(scrape.value("inventory_items", "sku", "apple")).contains(3.0);
		assertThat(scrape.value("inventory_reserved", "sku", "pear")).contains(1.0);
	}

	@Test
	void oneScrapeRunsACallbackOnceHoweverManySeriesAndMetricsItFeeds() {
		int before = inventory.calls.get();
		PrometheusText scrape = app.scrape();
		assertThat(inventory.calls.get() - before).isOne();
		assertThat(scrape.samples("inventory_items")).hasSize(2);
		assertThat(scrape.samples("inventory_received_total")).hasSize(2);
		app.scrape();
		assertThat(inventory.calls.get() - before).isEqualTo(2);
	}

	@Test
	void seriesObservedForTheFirstTimeAppearInThatSameScrape() {
		app.scrape();
		inventory.stock.put("plum", 7);
		assertThat(app.scrape().value("inventory_items", "sku", "plum")).contains(7.0);
	}

	@Test
	void seriesNoLongerObservedVanishFromTheScrape() {
		assertThat(app.scrape().value("inventory_items", "sku", "pear")).contains(5.0);
		inventory.stock.remove("pear");
		PrometheusText scrape = app.scrape();
		assertThat(scrape.value("inventory_items", "sku", "pear")).isEmpty();
		assertThat(scrape.value("inventory_items", "sku", "apple")).contains(3.0);
	}

	@Test
	void constantTagsWithPlaceholdersAndCommonTagsApplyToEverySeries() {
		PrometheusText scrape = app.scrape();
		assertThat(scrape.value("inventory_items", "sku", "apple", "warehouse", "north", "region", "eu-west"))
			.contains(3.0);
	}

	@Test
	void aThrowingCallbackFailsNeitherTheScrapeNorOtherMetrics(CapturedOutput output) {
		assertThat(app.scrape().value("inventory_received_total", "sku", "apple")).contains(120.0);
		inventory.failure = new IllegalStateException("database is down");
		PrometheusText scrape = app.scrape();
		assertThat(scrape.value("inventory_items", "sku", "apple")).hasValueSatisfying((v) -> assertThat(v).isNaN());
		assertThat(scrape.value("inventory_received_total", "sku", "apple")).contains(120.0);
		assertThat(scrape.value("shapes_int")).contains(42.0);
		assertThat(output).contains("WARN")
			.contains("ScrapeSemanticsTests$Inventory.report(MetricObserver) of bean 'inventory'")
			.contains("database is down");
	}

	@Test
	void everyNumericReturnTypeIsExported() {
		PrometheusText scrape = app.scrape();
		assertThat(scrape.value("shapes_int")).contains(42.0);
		assertThat(scrape.value("shapes_boolean")).contains(1.0);
		assertThat(scrape.value("shapes_big_decimal")).contains(2.5);
		assertThat(scrape.value("shapes_atomic_long_total")).contains(7.0);
		assertThat(scrape.value("shapes_duration_seconds"))
			.hasValueSatisfying((v) -> assertThat(v).isCloseTo(1.5, within(1e-9)));
		assertThat(scrape.type("shapes_duration_seconds")).isEqualTo("gauge");
	}

	@Test
	void nullMeansNoValueNow() {
		shapes.nullable = null;
		assertThat(app.scrape().value("shapes_nullable")).isEmpty();
		shapes.nullable = 3L;
		assertThat(app.scrape().value("shapes_nullable")).contains(3.0);
	}

	@Test
	void aFilteredScrapeRunsOnlyTheCallbacksOfTheIncludedMetrics() {
		int inventoryBefore = inventory.calls.get();
		int shapesBefore = shapes.intCalls.get();
		PrometheusText scrape = app.scrape("shapes_int");
		assertThat(scrape.value("shapes_int")).contains(42.0);
		assertThat(scrape.samples("inventory_items")).isEmpty();
		assertThat(shapes.intCalls.get() - shapesBefore).isOne();
		assertThat(inventory.calls.get()).isEqualTo(inventoryBefore);
	}

	@Test
	void aFilteredScrapeOfACounterRunsItsCallback() {
		int before = inventory.calls.get();
		PrometheusText scrape = app.scrape("inventory_received");
		assertThat(scrape.value("inventory_received_total", "sku", "apple")).contains(120.0);
		assertThat(inventory.calls.get() - before).isOne();
	}

	@Test
	void metricsDisabledByPropertyAreNotExportedAndTheirCallbacksDoNotRun() {
		int before = shapes.disabledCalls.get();
		assertThat(app.scrape().samples("shapes_disabled")).isEmpty();
		assertThat(shapes.disabledCalls.get()).isEqualTo(before);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ScrapeConfiguration {

		@Bean
		Inventory inventory() {
			return new Inventory();
		}

		@Bean
		Shapes shapes() {
			return new Shapes();
		}

	}

	static class Inventory {

		final AtomicInteger calls = new AtomicInteger();

		final Map<String, Integer> stock = new ConcurrentHashMap<>();

		volatile RuntimeException failure;

		void reset() {
			this.stock.clear();
			this.stock.put("apple", 3);
			this.stock.put("pear", 5);
			this.failure = null;
		}

		@ObservableMetric(name = "inventory.items", description = "Items in stock",
				tags = "warehouse=${test.warehouse}")
		@ObservableMetric(name = "inventory.received", type = Type.COUNTER, description = "Items received so far")
		@ObservableMetric(name = "inventory.reserved", type = Type.UP_DOWN_COUNTER, description = "Items reserved")
		void report(MetricObserver observer) {
			this.calls.incrementAndGet();
			if (this.failure != null) {
				throw this.failure;
			}
			this.stock.forEach((sku, count) -> {
				observer.observe("inventory.items", count, "sku", sku);
				observer.observe("inventory.received", 40.0 * count, "sku", sku);
				observer.observe("inventory.reserved", count / 3, "sku", sku);
			});
		}

	}

	static class Shapes {

		final AtomicInteger intCalls = new AtomicInteger();

		final AtomicInteger disabledCalls = new AtomicInteger();

		volatile Long nullable;

		@ObservableMetric(name = "shapes.int")
		int intValue() {
			this.intCalls.incrementAndGet();
			return 42;
		}

		@ObservableMetric(name = "shapes.boolean")
		private boolean booleanValue() {
			return true;
		}

		@ObservableMetric(name = "shapes.big.decimal")
		protected BigDecimal bigDecimal() {
			return new BigDecimal("2.5");
		}

		@ObservableMetric(name = "shapes.atomic.long", type = Type.COUNTER)
		public AtomicLong atomicLong() {
			return new AtomicLong(7);
		}

		@ObservableMetric(name = "shapes.duration")
		Duration duration() {
			return Duration.ofMillis(1500);
		}

		@ObservableMetric(name = "shapes.nullable")
		Long nullable() {
			return this.nullable;
		}

		@ObservableMetric(name = "shapes.disabled")
		double disabled() {
			this.disabledCalls.incrementAndGet();
			return 1;
		}

	}

}
