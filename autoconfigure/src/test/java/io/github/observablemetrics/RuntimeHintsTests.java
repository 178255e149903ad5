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

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.observablemetrics.ObservableMetric.Type;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ahead-of-time processing registers for annotated methods, which a native image
 * calls through reflection.
 */
class RuntimeHintsTests {

	private final RuntimeHints hints = processAheadOfTime();

	@Test
	void everyAnnotatedMethodCanBeInvoked() {
		assertThat(invocable(Orders.class, "pending")).isTrue();
		assertThat(invocable(Inventory.class, "report", MetricObserver.class)).isTrue();
	}

	@Test
	void asynchronousMethodsCanBeInvoked() {
		assertThat(invocable(AsyncOrders.class, "pending")).isTrue();
		assertThat(invocable(AsyncOrders.class, "report", MetricObserver.class)).isTrue();
	}

	@Test
	void theInterfaceMethodAJdkProxyIsCalledThroughCanBeInvoked() {
		assertThat(invocable(InventoryImpl.class, "size")).isTrue();
		assertThat(invocable(InventoryApi.class, "size")).isTrue();
	}

	@Test
	void theAccessorsOfTheRowsAMethodReturnsCanBeInvoked() {
		assertThat(invocable(PoolRows.class, "pools")).isTrue();
		assertThat(invocable(PoolRow.class, "pool")).isTrue();
		assertThat(invocable(PoolRow.class, "active")).isTrue();
		assertThat(invocable(StatusCount.class, "getStatus")).isTrue();
		assertThat(invocable(StatusCount.class, "getTotal")).isTrue();
	}

	@Test
	void methodsWithoutTheAnnotationGetNoHint() {
		assertThat(invocable(Orders.class, "unrelated")).isFalse();
		assertThat(invocable(InventoryApi.class, "unrelated")).isFalse();
	}

	// onMethod(Method) is deprecated in Spring Framework 7 for onMethodInvocation, which
	// Spring Framework 6.2 (Spring Boot 3.5) does not have
	@SuppressWarnings("removal")
	private boolean invocable(Class<?> type, String name, Class<?>... parameterTypes) {
		Method method = ReflectionUtils.findMethod(type, name, parameterTypes);
		assertThat(method).as(type.getName() + "." + name).isNotNull();
		return RuntimeHintsPredicates.reflection().onMethod(method).invoke().test(this.hints);
	}

	private static RuntimeHints processAheadOfTime() {
		GenericApplicationContext context = new GenericApplicationContext();
		context.registerBean("orders", Orders.class);
		context.registerBean("inventory", Inventory.class);
		context.registerBean("inventoryImpl", InventoryImpl.class);
		context.registerBean("asyncOrders", AsyncOrders.class);
		context.registerBean("poolRows", PoolRows.class);
		DefaultGenerationContext generationContext = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(RuntimeHintsTests.class)), new InMemoryGeneratedFiles());
		new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
		return generationContext.getRuntimeHints();
	}

	static class Orders {

		@ObservableMetric(name = "orders.pending")
		public int pending() {
			return 4;
		}

		public int unrelated() {
			return 0;
		}

	}

	static class Inventory {

		@ObservableMetric(name = "inventory.items")
		@ObservableMetric(name = "inventory.received", type = Type.COUNTER)
		private void report(MetricObserver observer) {
		}

	}

	static class AsyncOrders {

		@ObservableMetric(name = "orders.pending.later")
		CompletableFuture<Long> pending() {
			return CompletableFuture.completedFuture(4L);
		}

		@ObservableMetric(name = "orders.by.region")
		Mono<Void> report(MetricObserver observer) {
			return Mono.empty();
		}

	}

	record PoolRow(String pool, int active) {
	}

	interface StatusCount {

		String getStatus();

		long getTotal();

	}

	static class PoolRows {

		@ObservableMetric(name = "pool.active")
		List<PoolRow> pools() {
			return List.of();
		}

		@ObservableMetric(name = "orders.by.status")
		CompletableFuture<List<StatusCount>> statuses() {
			return CompletableFuture.completedFuture(List.of());
		}

	}

	interface InventoryApi {

		long size();

		long unrelated();

	}

	static class InventoryImpl implements InventoryApi {

		@Override
		@ObservableMetric(name = "inventory.size")
		public long size() {
			return 3;
		}

		@Override
		public long unrelated() {
			return 0;
		}

	}

}
