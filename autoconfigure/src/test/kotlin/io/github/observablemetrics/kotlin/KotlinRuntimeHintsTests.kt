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
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.springframework.aot.generate.ClassNameGenerator
import org.springframework.aot.generate.DefaultGenerationContext
import org.springframework.aot.generate.InMemoryGeneratedFiles
import org.springframework.aot.hint.MemberCategory
import org.springframework.aot.hint.RuntimeHints
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates
import org.springframework.beans.factory.support.RootBeanDefinition
import org.springframework.context.aot.ApplicationContextAotGenerator
import org.springframework.context.support.GenericApplicationContext
import org.springframework.javapoet.ClassName

/**
 * What ahead-of-time processing registers for a Kotlin `suspend` function, which Spring
 * calls through Kotlin reflection: the declared methods of its class.
 */
class KotlinRuntimeHintsTests {

	private val hints = processAheadOfTime()

	@Test
	fun `the class of a suspend function has its declared methods registered`() {
		assertThat(RuntimeHintsPredicates.reflection().onType(SuspendingShop::class.java)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_METHODS).test(hints)).isTrue()
	}

	@Test
	fun `a class without suspend functions gets no more than its methods`() {
		assertThat(RuntimeHintsPredicates.reflection().onType(PlainShop::class.java)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_METHODS).test(hints)).isFalse()
	}

	private fun processAheadOfTime(): RuntimeHints {
		val context = GenericApplicationContext()
		context.registerBeanDefinition("suspendingShop", RootBeanDefinition(SuspendingShop::class.java))
		context.registerBeanDefinition("plainShop", RootBeanDefinition(PlainShop::class.java))
		val generationContext = DefaultGenerationContext(
				ClassNameGenerator(ClassName.get(KotlinRuntimeHintsTests::class.java)), InMemoryGeneratedFiles())
		ApplicationContextAotGenerator().processAheadOfTime(context, generationContext)
		return generationContext.runtimeHints
	}

	class SuspendingShop {

		@ObservableMetric(name = "suspending.orders")
		suspend fun orders(): Long = 1

		@ObservableMetric(name = "suspending.stock")
		suspend fun stock(observer: MetricObserver) = observer.observe(1.0, "sku", "apple")

	}

	class PlainShop {

		@ObservableMetric(name = "plain.orders")
		fun orders(): Long = 1

	}

}
