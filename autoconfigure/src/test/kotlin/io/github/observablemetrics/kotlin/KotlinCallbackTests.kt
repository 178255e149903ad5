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

package io.github.observablemetrics.kotlin

import io.github.observablemetrics.MetricObserver
import io.github.observablemetrics.ObservableMetric
import io.github.observablemetrics.test.RunningApplication
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.delay
import org.aspectj.lang.annotation.Aspect
import org.aspectj.lang.annotation.Before
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.springframework.aop.support.AopUtils
import org.springframework.boot.autoconfigure.EnableAutoConfiguration
import org.springframework.context.annotation.Configuration
import org.springframework.context.annotation.EnableAspectJAutoProxy
import org.springframework.context.annotation.Import
import org.springframework.stereotype.Component
import java.lang.reflect.Modifier
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger

/**
 * Callbacks written in Kotlin, scraped over real HTTP: a `suspend fun` returning a value
 * or `null`, a `suspend fun` observer, on a `@Component` class that the Spring compiler
 * plugin opens, so that Spring AOP proxies it.
 */
class KotlinCallbackTests {

	companion object {

		private lateinit var app: RunningApplication

		@JvmStatic
		@BeforeAll
		fun start() {
			// one callback thread: a suspended function that held it would starve the others
			app = RunningApplication.start(arrayOf(KotlinConfiguration::class.java),
					"observable-metrics.callback-threads=1")
		}

		@JvmStatic
		@AfterAll
		fun stop() {
			app.close()
		}

	}

	@Test
	fun `a suspend function's value appears in the scrape`() {
		val shop = app.bean(KotlinShop::class.java)
		shop.open = 3
		assertThat(app.scrape("kotlin_orders_open").value("kotlin_orders_open")).contains(3.0)
		shop.open = 4
		assertThat(app.scrape("kotlin_orders_open").value("kotlin_orders_open")).contains(4.0)
	}

	@Test
	fun `a suspended function holds no callback thread`() {
		// each function resumes only once both have been called: with one callback
		// thread, that happens only if the first gives its thread back when it suspends
		val pair = app.bean(KotlinPair::class.java)
		pair.reset()
		val scrape = app.scrape("kotlin_pair_first", "kotlin_pair_second")
		assertThat(scrape.value("kotlin_pair_first")).contains(1.0)
		assertThat(scrape.value("kotlin_pair_second")).contains(2.0)
	}

	@Test
	fun `a suspend function returning null means no value now`() {
		val shop = app.bean(KotlinShop::class.java)
		shop.open = 5
		assertThat(app.scrape("kotlin_orders_open").value("kotlin_orders_open")).contains(5.0)
		shop.open = null
		assertThat(app.scrape("kotlin_orders_open").value("kotlin_orders_open")).isEmpty()
		shop.open = 6
	}

	@Test
	fun `a suspend observer function reports every label set, new ones in the same scrape`() {
		val shop = app.bean(KotlinShop::class.java)
		shop.stock.clear()
		shop.stock["apple"] = 3
		assertThat(app.scrape("kotlin_stock_items").value("kotlin_stock_items", "sku", "apple")).contains(3.0)
		shop.stock["pear"] = 5
		val scrape = app.scrape("kotlin_stock_items")
		assertThat(scrape.value("kotlin_stock_items", "sku", "pear")).contains(5.0)
		assertThat(scrape.value("kotlin_stock_items", "sku", "apple")).contains(3.0)
	}

	@Test
	fun `a component class is opened by the Spring compiler plugin and called through its proxy`() {
		assertThat(Modifier.isFinal(KotlinShop::class.java.modifiers)).isFalse()
		val shop = app.bean(KotlinShop::class.java)
		assertThat(AopUtils.isCglibProxy(shop)).isTrue()
		val advice = app.bean(CallCounting::class.java)
		val before = advice.calls.get()
		app.scrape("kotlin_orders_ratio")
		assertThat(advice.calls.get() - before).isOne()
		assertThat(app.scrape("kotlin_orders_ratio").value("kotlin_orders_ratio")).contains(0.5)
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableAspectJAutoProxy(proxyTargetClass = true)
	@Import(KotlinShop::class, KotlinPair::class, CallCounting::class)
	class KotlinConfiguration

}

@Component
class KotlinShop {

	@Volatile
	var open: Long? = 3

	val stock: MutableMap<String, Int> = ConcurrentHashMap()

	@ObservableMetric(name = "kotlin.orders.open", description = "Orders not yet shipped")
	suspend fun openOrders(): Long? {
		delay(1)
		return open
	}

	@ObservableMetric(name = "kotlin.stock.items")
	suspend fun stock(observer: MetricObserver) {
		delay(1)
		stock.forEach { (sku, count) -> observer.observe(count.toDouble(), "sku", sku) }
	}

	@ObservableMetric(name = "kotlin.orders.ratio")
	fun ratio(): Double? = 0.5

}

@Component
class KotlinPair {

	private val arrived = AtomicInteger()

	@Volatile
	private var bothCalled = CompletableDeferred<Unit>()

	fun reset() {
		arrived.set(0)
		bothCalled = CompletableDeferred()
	}

	@ObservableMetric(name = "kotlin.pair.first")
	suspend fun first(): Int = afterBoth(1)

	@ObservableMetric(name = "kotlin.pair.second")
	suspend fun second(): Int = afterBoth(2)

	private suspend fun afterBoth(value: Int): Int {
		val both = bothCalled
		if (arrived.incrementAndGet() == 2) {
			both.complete(Unit)
		}
		both.await()
		return value
	}

}

@Aspect
@Component
class CallCounting {

	val calls = AtomicInteger()

	@Before("execution(* io.github.observablemetrics.kotlin.KotlinShop.ratio(..))")
	fun count() {
		calls.incrementAndGet()
	}

}
