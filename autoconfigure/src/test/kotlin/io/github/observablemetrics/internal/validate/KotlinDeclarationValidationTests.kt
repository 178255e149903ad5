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

package io.github.observablemetrics.internal.validate

import io.github.observablemetrics.internal.validate.ObservableMetricFailureAnalyzer
import io.github.observablemetrics.MetricObserver
import io.github.observablemetrics.ObservableMetric
import io.github.observablemetrics.test.BootAutoConfigurations
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.springframework.boot.test.context.FilteredClassLoader
import org.springframework.boot.test.context.assertj.AssertableApplicationContext
import org.springframework.boot.test.context.runner.ApplicationContextRunner
import org.springframework.boot.diagnostics.FailureAnalysis

/**
 * The start-up checks of Kotlin `suspend` functions.
 */
class KotlinDeclarationValidationTests {

	private val runner = ApplicationContextRunner().withConfiguration(BootAutoConfigurations.simple())

	@Test
	fun `a suspend function without kotlinx-coroutines-reactor stops start-up`() {
		runner.withClassLoader(FilteredClassLoader("kotlinx.coroutines.reactor"))
			.withBean("bean", SuspendingValue::class.java)
			.run { context ->
				val analysis = analysis(context)
				assertThat(analysis.description).contains("SuspendingValue.value(")
					.contains("is a Kotlin suspend function, but org.jetbrains.kotlinx:kotlinx-coroutines-reactor,")
					.contains("is not on the class path")
				assertThat(analysis.action).contains("Add org.jetbrains.kotlinx:kotlinx-coroutines-reactor to the")
			}
	}

	@Test
	fun `a suspend function without kotlin-reflect stops start-up`() {
		runner.withClassLoader(FilteredClassLoader("kotlin.reflect.full"))
			.withBean("bean", SuspendingValue::class.java)
			.run { context ->
				val analysis = analysis(context)
				assertThat(analysis.description).contains("but org.jetbrains.kotlin:kotlin-reflect,")
				assertThat(analysis.action).contains("Add org.jetbrains.kotlin:kotlin-reflect to the")
			}
	}

	@Test
	fun `a suspend function with kotlinx-coroutines-reactor starts`() {
		runner.withBean("bean", SuspendingValue::class.java).run { context -> assertThat(context).hasNotFailed() }
	}

	@Test
	fun `a suspend function returning something that is not a number stops start-up`() {
		runner.withBean("bean", SuspendingName::class.java).run { context ->
			val analysis = analysis(context)
			assertThat(analysis.description).contains("is a suspend function returning java.lang.String")
				.contains("whose value is not a number")
		}
	}

	@Test
	fun `a suspend observer function returning a value stops start-up`() {
		runner.withBean("bean", SuspendingObserverWithValue::class.java).run { context ->
			val analysis = analysis(context)
			assertThat(analysis.description).contains("takes a MetricObserver and is a suspend function returning")
			assertThat(analysis.action).contains("(in Kotlin, Unit)")
		}
	}

	private fun analysis(context: AssertableApplicationContext): FailureAnalysis {
		assertThat(context).hasFailed()
		val analysis = ObservableMetricFailureAnalyzer().analyze(context.startupFailure!!)
		assertThat(analysis).isNotNull()
		return analysis!!
	}

	class SuspendingValue {

		@ObservableMetric(name = "suspending.value")
		suspend fun value(): Long = 1

	}

	class SuspendingName {

		@ObservableMetric(name = "suspending.name")
		suspend fun name(): String = "x"

	}

	class SuspendingObserverWithValue {

		@ObservableMetric(name = "suspending.observer")
		suspend fun report(observer: MetricObserver): Long = 1

	}

}
