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

package io.github.observablemetrics.internal.validate;

import io.github.observablemetrics.internal.validate.ObservableMetricFailureAnalyzer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.github.observablemetrics.MetricObserver;
import io.github.observablemetrics.ObservableMetric;
import io.github.observablemetrics.ObservableMetric.Type;
import io.github.observablemetrics.TimerTotals;
import io.github.observablemetrics.test.BootAutoConfigurations;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.Before;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;
import org.springframework.context.annotation.Scope;
import org.springframework.web.context.annotation.RequestScope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every wrong declaration stops start-up, and the failure analysis names the class, the
 * method, the annotation and what is wrong, and says how to fix it.
 */
class DeclarationValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(BootAutoConfigurations.simple());

	private final ApplicationContextRunner prometheus = new ApplicationContextRunner()
		.withConfiguration(BootAutoConfigurations.prometheus());

	@Test
	void returnTypeThatIsNotANumber() {
		assertFailure(NotANumber.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("DeclarationValidationTests$NotANumber.name()")
				.contains("returns java.lang.String, which is not a number");
			assertThat(analysis.getAction()).contains("Return a primitive number, a java.lang.Number");
		});
	}

	@Test
	void parametersOtherThanOneMetricObserver() {
		assertFailure(WrongParameters.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("WrongParameters.value(int) of bean 'bean'")
				.contains("WrongParameters.twoObservers(MetricObserver, MetricObserver)")
				.contains("has parameters it cannot be given at scrape time");
			assertThat(analysis.getAction()).contains("take exactly one MetricObserver and return void");
		});
	}

	@Test
	void metricObserverMethodThatAlsoReturnsAValue() {
		assertFailure(ObserverReturningValue.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("ObserverReturningValue.report(MetricObserver)")
				.contains("takes a MetricObserver and also returns int");
			assertThat(analysis.getAction()).contains("Return void");
		});
	}

	@Test
	void staticMethod() {
		assertFailure(StaticMethod.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("StaticMethod.value()").contains("is static");
			assertThat(analysis.getAction()).contains("Make the method an instance method");
		});
	}

	@Test
	void blankOrInvalidMetricNames() {
		assertFailure(BadNames.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("@ObservableMetric(name = \"\")")
				.contains("has a blank name")
				.contains("@ObservableMetric(name = \"9lives\")")
				.contains("'9lives', which is not a valid metric name")
				.contains("'orders..size', which is not a valid metric name")
				.contains("'queue size', which is not a valid metric name");
			assertThat(analysis.getAction()).contains("orders.queue.size");
		});
	}

	@Test
	void twoMethodsDeclaringTheSameMetric() {
		this.runner.withBean("first", SameMetricFirst.class)
			.withBean("second", SameMetricSecond.class)
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription()).contains("declares the metric 'orders.open'")
					.contains("SameMetricFirst.open() of bean 'first'")
					.contains("SameMetricSecond.open() of bean 'second'");
				assertThat(analysis.getAction()).contains("Give one of the metrics another name");
			}));
	}

	@Test
	void namesThatExportToTheSamePrometheusName() {
		this.prometheus.withBean("bean", SameExportedName.class).run(failure((analysis) -> {
			assertThat(analysis.getDescription()).contains("which the registry exports as 'orders_open'");
			assertThat(analysis.getAction()).contains("differ only in punctuation");
		}));
	}

	@Test
	void aCounterAndAGaugeNamedWithTheTotalSuffixExportAlikeAndStartUpNamesBothMethods() {
		this.prometheus.withBean("counter", JobsCounter.class)
			.withBean("gauge", JobsTotalGauge.class)
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription()).contains("JobsTotalGauge.value() of bean 'gauge'")
					.contains("declares the GAUGE 'jobs.total', which the registry exports as 'jobs'")
					.contains("like the COUNTER 'jobs' declared by method")
					.contains("JobsCounter.value() of bean 'counter'");
				assertThat(analysis.getAction()).contains("a suffix Prometheus reserves (_total, _created, _bucket");
			}));
	}

	@Test
	void aGaugeWithAUnitAndAGaugeNamedWithThatUnitExportAlike() {
		this.prometheus.withBean("withUnit", SizeInBytes.class)
			.withBean("named", SizeBytes.class)
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription()).contains("which the registry exports as 'queue_size_bytes'")
					.contains("SizeInBytes.value() of bean 'withUnit'")
					.contains("SizeBytes.value() of bean 'named'");
				assertThat(analysis.getAction()).contains("or in their unit (a.b in bytes and a.b.bytes)");
			}));
	}

	@Test
	void aMeterThatABinderRegistersUnderAnExportedNameOfADeclaredMetricStopsStartUpNamingBothSides() {
		this.prometheus
			.withBean("jobsBinder", MeterBinder.class,
					() -> (registry) -> FunctionCounter.builder("jobs", this, (ignored) -> 1).register(registry))
			.withBean("gauge", JobsTotalGauge.class)
			.run(failure((analysis) -> assertThat(analysis.getDescription())
				.contains("JobsTotalGauge.value() of bean 'gauge'")
				.contains(
						"declares the GAUGE 'jobs.total', which the registry exports as 'jobs' like the COUNTER 'jobs'"
								+ " that the MeterBinder bean 'jobsBinder' registered in the MeterRegistry")));
	}

	@Test
	void aNameSharedWithAHandWrittenMeterWithOtherTagKeysStartsWhereTheSpringBootLineAcceptsIt() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		Gauge.builder("orders.open", () -> 1).tag("shop", "a").register(registry);
		ApplicationContextRunner runner = this.prometheus.withBean(PrometheusMeterRegistry.class, () -> registry)
			.withBean("bean", RegionalOrders.class);
		// Micrometer 1.17 with client_java 1.5+ (Spring Boot 4.1) accepts one name with
		// different tag keys; the Prometheus registries of Spring Boot 3.5 and 4.0 refuse
		// it
		if (SpringBootVersion.getVersion().startsWith("4.1")) {
			runner.run((context) -> {
				assertThat(context).hasNotFailed();
				String scrape = registry.scrape();
				assertThat(scrape).contains("orders_open{region=\"eu\"} 2.0").contains("orders_open{shop=\"a\"} 1.0");
			});
		}
		else {
			runner.run(failure((analysis) -> {
				assertThat(analysis.getDescription()).contains("RegionalOrders.open() of bean 'bean'")
					.contains("declares the metric 'orders.open' with the tag keys [region]")
					.contains("a meter of that name with the tag keys [shop]")
					.contains("the Prometheus registry in use refuses one name with different tag keys");
				assertThat(analysis.getAction()).contains("Rename the metric");
			}));
		}
	}

	@Test
	void clashWithAMeterRegisteredByHandNamesTheDifferences() {
		MeterRegistry registry = new SimpleMeterRegistry();
		Gauge.builder("orders.open", () -> 1).baseUnit("bytes").tag("shop", "a").register(registry);
		this.runner.withBean(MeterRegistry.class, () -> registry)
			.withBean("bean", CounterNamedLikeTheGauge.class)
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription())
					.contains("the application or a MeterBinder (such as Spring Boot's JVM, system or process metrics)"
							+ " registered a meter of that name in the MeterRegistry already")
					.contains("type GAUGE instead of COUNTER")
					.contains("unit 'bytes' instead of ''")
					.contains("tag keys [shop] instead of [region]");
				assertThat(analysis.getAction()).contains("remove the hand-written meter");
			}));
	}

	@Test
	void malformedTags() {
		assertFailure(MalformedTags.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("has the tag \"k\", which is not of the form key=value")
				.contains("has the tag \"=v\", which is not of the form key=value")
				.contains("has the tag \"k=\", which is not of the form key=value");
			assertThat(analysis.getAction()).contains("Write each tag as key=value");
		});
	}

	@Test
	void duplicatedTagKey() {
		assertFailure(DuplicatedTagKey.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("has the tag key 'region' twice");
			assertThat(analysis.getAction()).contains("Give each tag key once");
		});
	}

	@Test
	void unresolvablePlaceholder() {
		assertFailure(UnresolvablePlaceholder.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("has the tag \"region=${app.region}\"")
				.contains("Could not resolve placeholder 'app.region'");
			assertThat(analysis.getAction()).contains("${name:default}");
		});
	}

	@Test
	void severalMetricsWithoutAMetricObserver() {
		assertFailure(SeveralMetricsOneValue.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("declares 2 metrics but returns one value");
			assertThat(analysis.getAction()).contains("Take a MetricObserver parameter");
		});
	}

	@Test
	void counterReturningADuration() {
		assertFailure(DurationCounter.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("is a COUNTER but the method returns a Duration");
			assertThat(analysis.getAction()).contains("declare the metric a GAUGE");
		});
	}

	@Test
	void timerShapes() {
		assertFailure(WrongTimers.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("WrongTimers.count()")
				.contains("is a TIMER but the method returns double")
				.contains("WrongTimers.totals()")
				.contains("is a GAUGE but the method returns TimerTotals")
				.contains("WrongTimers.withUnit()")
				.contains("has the unit 'bytes' but is a TIMER, exported in seconds");
			assertThat(analysis.getAction()).contains("Return TimerTotals")
				.contains("Declare the metric type = Type.TIMER")
				.contains("Remove the unit: a timer's total time is exported in seconds");
		});
	}

	@Test

	void fluxReturnType() {
		assertFailure(FluxReturning.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("FluxReturning.values()")
				.contains("returns reactor.core.publisher.Flux<java.lang.Long>, a stream of values");
			assertThat(analysis.getAction()).contains("Return a Mono of one value, such as flux.count()")
				.contains("collectList().map(...)")
				.contains("take a MetricObserver");
		});
	}

	@Test
	void monoOrCompletionStageOfAValueThatIsNotANumber() {
		assertFailure(AsyncNotANumber.class, (analysis) -> {
			assertThat(analysis.getDescription())
				.contains("AsyncNotANumber.name()", "returns reactor.core.publisher.Mono<java.lang.String>",
						"whose value is not a number")
				.contains("AsyncNotANumber.future()",
						"returns java.util.concurrent.CompletableFuture<java.lang.String>, whose value is not a number");
			assertThat(analysis.getAction()).contains("Complete it with a java.lang.Number");
		});
	}

	@Test
	void monoWithoutReactorOnTheClassPath() {
		this.runner.withClassLoader(new FilteredClassLoader(Mono.class))
			.withBean("bean", MonoValue.class)
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription()).contains("MonoValue.value()")
					.contains(
							"returns reactor.core.publisher.Mono<java.lang.Long>, but Reactor is not on the class path");
				assertThat(analysis.getAction()).contains("Add io.projectreactor:reactor-core")
					.contains("return a CompletableFuture");
			}));
	}

	@Test
	void monoWithReactorOnTheClassPathStarts() {
		this.runner.withBean("bean", MonoValue.class).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void observerMethodReturningAFutureOfAValue() {
		assertFailure(ObserverReturningFutureOfValue.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("ObserverReturningFutureOfValue.report(MetricObserver)")
				.contains("takes a MetricObserver and returns java.util.concurrent.CompletableFuture<java.lang.Long>,"
						+ " the promise of a value");
			assertThat(analysis.getAction()).contains("Return a CompletionStage<Void> or a Mono<Void>");
		});
	}

	@Test
	void counterCompletingWithADuration() {
		assertFailure(AsyncDurationCounter.class, (analysis) -> assertThat(analysis.getDescription())
			.contains("is a COUNTER but the method returns a Duration"));
	}

	@Test
	void privateMethodOnAProxiedBean() {
		this.runner.withUserConfiguration(ProxyingConfiguration.class).run(failure((analysis) -> {
			assertThat(analysis.getDescription()).contains("PrivateOnProxy.value()")
				.contains("the bean is a class proxy, which cannot delegate a private method");
			assertThat(analysis.getAction()).contains("Make the method protected, package-private or public");
		}));
	}

	@Test
	void publicMethodMissingFromTheInterfacesOfAJdkProxyIsToldToMoveToAnInterfaceOrProxyTheClass() {
		this.runner.withUserConfiguration(JdkProxyConfiguration.class).run(failure((analysis) -> {
			assertThat(analysis.getDescription()).contains("InterfaceBacked.extra()")
				.contains("the bean is a JDK proxy, which exposes only the methods of its interfaces")
				.contains("DeclarationValidationTests$Advised")
				.doesNotContain("private");
			assertThat(analysis.getAction())
				.contains("Declare the method on one of the interfaces "
						+ "io.github.observablemetrics.internal.validate.DeclarationValidationTests$Advised")
				.contains("spring.aop.proxy-target-class=true")
				.contains("@EnableAspectJAutoProxy(proxyTargetClass = true)")
				.doesNotContain("Make the method public, protected or package-private");
		}));
	}

	@Test
	void prototypeAndOtherNonSingletonBeans() {
		this.runner.withUserConfiguration(PrototypeConfiguration.class).run(failure((analysis) -> {
			assertThat(analysis.getDescription()).contains("of bean 'prototypeBean'")
				.contains("is declared on a bean of scope 'prototype'");
			assertThat(analysis.getAction()).contains("Move the method to a singleton bean");
		}));
	}

	@Test
	void requestScopedBeansBehindScopedProxies() {
		new WebApplicationContextRunner().withConfiguration(BootAutoConfigurations.simple())
			.withUserConfiguration(RequestScopeConfiguration.class)
			.run(failure(
					(analysis) -> assertThat(analysis.getDescription()).contains("of bean 'scopedTarget.requestBean'")
						.contains("is declared on a bean of scope 'request'")));
	}

	@Test
	void perMetricSettingsForAMetricNobodyDeclares() {
		this.runner.withBean("bean", Valid.class)
			.withPropertyValues("observable-metrics.metrics.orders.cache-for=10s")
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription()).contains("property 'observable-metrics.metrics[orders]'")
					.contains("no @ObservableMetric declares it (did you mean orders.open?)");
				assertThat(analysis.getAction()).contains("observable-metrics.metrics[orders.queue.size]");
			}));
	}

	@Test
	void everyProblemIsReportedAtOnce() {
		this.runner.withBean("a", StaticMethod.class).withBean("b", NotANumber.class).run(failure((analysis) -> {
			assertThat(analysis.getDescription()).startsWith("2 @ObservableMetric declarations are invalid")
				.contains("StaticMethod.value()")
				.contains("NotANumber.name()");
		}));
	}

	@Test
	void aPerMetricPropertyWithoutBracketsStopsStartUpWithTheBracketedForm() {
		this.runner.withBean("bean", PlainGauge.class)
			.withPropertyValues("observable-metrics.metrics.user.plain.gauge.cache-for=5s")
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription()).startsWith("An @ObservableMetric declaration is invalid")
					.contains("property 'observable-metrics.metrics.user.plain.gauge.cache-for'")
					.contains("configures the metric 'user.plain.gauge' without brackets");
				assertThat(analysis.getAction())
					.contains("did you mean observable-metrics.metrics[user.plain.gauge].cache-for?");
			}));
	}

	@Test
	void aPerMetricPropertyWithoutBracketsForAnUndeclaredMetricNamesTheDeclaredOnes() {
		this.runner.withBean("bean", PlainGauge.class)
			.withPropertyValues("observable-metrics.metrics.user.plain.gage.callback-timeout=1s")
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription())
					.contains("configures the metric 'user.plain.gage' without brackets")
					.contains("no @ObservableMetric declares a metric of that name either");
				assertThat(analysis.getAction())
					.contains("did you mean observable-metrics.metrics[user.plain.gage].callback-timeout?");
			}));
	}

	@Test
	void aPerMetricEntryNamingNoPerMetricPropertyStopsStartUp() {
		this.runner.withBean("bean", PlainGauge.class)
			.withPropertyValues("observable-metrics.metrics[user.plain.gauge].cache-fr=5s")
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription())
					.contains("property 'observable-metrics.metrics[user.plain.gauge].cache-fr'")
					.contains("is no per-metric property");
				assertThat(analysis.getAction()).contains("callback-timeout, cache-for");
			}));
	}

	@Test
	void perMetricPropertiesInBracketsOrWithoutDotsStart() {
		this.runner.withBean("bean", PlainGauge.class)
			.withBean("orders", Valid.class)
			.withPropertyValues("observable-metrics.metrics[user.plain.gauge].cache-for=5s",
					"observable-metrics.metrics[user.plain.gauge].callbackTimeout=1s",
					"observable-metrics.metrics.orders.open.cache-for=5s")
			.run(failure((analysis) -> assertThat(analysis.getDescription())
				.startsWith("An @ObservableMetric declaration is invalid")
				.contains("property 'observable-metrics.metrics.orders.open.cache-for'")));
	}

	@Test
	void problemsOfSingleDeclarationsAndClashesBetweenDeclarationsAreReportedTogether() {
		this.runner.withBean("malformed", MalformedTags.class)
			.withBean("first", SameMetricFirst.class)
			.withBean("second", SameMetricSecond.class)
			.withBean("badTag", OpenOrdersWithABadTag.class)
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription()).contains("has the tag \"k\", which is not of the form key=value")
					.contains("OpenOrdersWithABadTag.open() of bean 'badTag'\n      has the tag \"region\""
						.replace("\n", System.lineSeparator()))
					.contains("SameMetricSecond.open() of bean 'second'" + System.lineSeparator()
							+ "      declares the metric 'orders.open', which method")
					.contains("OpenOrdersWithABadTag.open() of bean 'badTag'" + System.lineSeparator()
							+ "      declares the metric 'orders.open', which method");
				assertThat(analysis.getAction()).contains("Write each tag as key=value")
					.contains("Give one of the metrics another name");
			}));
	}

	@Test
	void aClashWithTheMeterOfABinderNamesTheBinderAndHowToDoWithoutIt() {
		this.runner.withConfiguration(BootAutoConfigurations.jvmMetrics())
			.withBean("bean", LiveThreads.class)
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription()).contains("LiveThreads.live() of bean 'bean'")
					.contains("declares the metric 'jvm.threads.live', but the MeterBinder bean 'jvmThreadMetrics'"
							+ " (io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics) registered a meter of that"
							+ " name in the MeterRegistry already")
					.doesNotContain("the application registered");
				assertThat(analysis.getAction()).contains("Rename the metric")
					.containsPattern("exclude org\\.springframework\\.boot\\.[a-z.]+\\.JvmMetricsAutoConfiguration,"
							+ " which defines it")
					.contains("management.metrics.enable.jvm.threads.live=false would not do")
					.doesNotContain("hand-written");
			}));
	}

	@Test
	void aConstantTagWithTheOverflowKeyStopsStartUp() {
		assertFailure(OverflowTag.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("has the tag key 'otel.metric.overflow', which marks"
					+ " the series that label sets beyond the cardinality limit fold into");
			assertThat(analysis.getAction()).contains("Give the tag another key");
		});
	}

	@Test
	void validDeclarationsStart() {
		this.runner.withBean("bean", Valid.class)
			.withPropertyValues("observable-metrics.metrics[orders.open].cache-for=10s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private void assertFailure(Class<?> beanClass, Consumer<FailureAnalysis> assertions) {
		this.runner.withBean("bean", beanClass).run(failure(assertions));
	}

	private static <C extends ApplicationContextAssertProvider<?>> ContextConsumer<C> failure(
			Consumer<FailureAnalysis> assertions) {
		return (context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			FailureAnalysis analysis = new ObservableMetricFailureAnalyzer().analyze(failure);
			assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
			assertions.accept(analysis);
		};
	}

	static class NotANumber {

		@ObservableMetric(name = "not.a.number")
		String name() {
			return "x";
		}

	}

	static class WrongParameters {

		@ObservableMetric(name = "wrong.parameters")
		double value(int factor) {
			return factor;
		}

		@ObservableMetric(name = "two.observers")
		void twoObservers(MetricObserver first, MetricObserver second) {
		}

	}

	static class ObserverReturningValue {

		@ObservableMetric(name = "observer.returning")
		int report(MetricObserver observer) {
			return 1;
		}

	}

	static class StaticMethod {

		@ObservableMetric(name = "static.value")
		static double value() {
			return 1;
		}

	}

	static class BadNames {

		@ObservableMetric(name = "")
		double blank() {
			return 1;
		}

		@ObservableMetric(name = "9lives")
		double digit() {
			return 1;
		}

		@ObservableMetric(name = "orders..size")
		double dots() {
			return 1;
		}

		@ObservableMetric(name = "queue size")
		double space() {
			return 1;
		}

	}

	static class SameMetricFirst {

		@ObservableMetric(name = "orders.open")
		double open() {
			return 1;
		}

	}

	static class SameMetricSecond {

		@ObservableMetric(name = "orders.open")
		double open() {
			return 2;
		}

	}

	static class SameExportedName {

		@ObservableMetric(name = "orders.open")
		double dotted() {
			return 1;
		}

		@ObservableMetric(name = "orders_open")
		double underscored() {
			return 2;
		}

	}

	static class JobsCounter {

		@ObservableMetric(name = "jobs", type = Type.COUNTER)
		double value() {
			return 1;
		}

	}

	static class JobsTotalGauge {

		@ObservableMetric(name = "jobs.total")
		double value() {
			return 1;
		}

	}

	static class SizeInBytes {

		@ObservableMetric(name = "queue.size", unit = "bytes")
		double value() {
			return 1;
		}

	}

	static class SizeBytes {

		@ObservableMetric(name = "queue.size.bytes")
		double value() {
			return 1;
		}

	}

	static class RegionalOrders {

		@ObservableMetric(name = "orders.open", tags = "region=eu")
		double open() {
			return 2;
		}

	}

	static class CounterNamedLikeTheGauge {

		@ObservableMetric(name = "orders.open", type = Type.COUNTER, tags = "region=eu")
		double open() {
			return 1;
		}

	}

	static class MalformedTags {

		@ObservableMetric(name = "malformed.tags", tags = { "k", "=v", "k=" })
		double value() {
			return 1;
		}

	}

	static class DuplicatedTagKey {

		@ObservableMetric(name = "duplicated.tag", tags = { "region=eu", "region=us" })
		double value() {
			return 1;
		}

	}

	static class UnresolvablePlaceholder {

		@ObservableMetric(name = "placeholder", tags = "region=${app.region}")
		double value() {
			return 1;
		}

	}

	static class SeveralMetricsOneValue {

		@ObservableMetric(name = "first")
		@ObservableMetric(name = "second")
		double value() {
			return 1;
		}

	}

	static class DurationCounter {

		@ObservableMetric(name = "uptime", type = Type.COUNTER)
		Duration uptime() {
			return Duration.ZERO;
		}

	}

	static class WrongTimers {

		@ObservableMetric(name = "wrong.timer.count", type = Type.TIMER)
		double count() {
			return 1;
		}

		@ObservableMetric(name = "wrong.timer.totals")
		TimerTotals totals() {
			return new TimerTotals(1, Duration.ofSeconds(1));
		}

		@ObservableMetric(name = "wrong.timer.unit", type = Type.TIMER, unit = "bytes")
		TimerTotals withUnit() {
			return new TimerTotals(1, Duration.ofSeconds(1));
		}

	}

	static class FluxReturning {

		@ObservableMetric(name = "flux.values")
		Flux<Long> values() {
			return Flux.just(1L, 2L);
		}

	}

	static class AsyncNotANumber {

		@ObservableMetric(name = "mono.name")
		Mono<String> name() {
			return Mono.just("x");
		}

		@ObservableMetric(name = "future.name")
		CompletableFuture<String> future() {
			return CompletableFuture.completedFuture("x");
		}

	}

	static class MonoValue {

		@ObservableMetric(name = "mono.value")
		Mono<Long> value() {
			return Mono.just(1L);
		}

	}

	static class ObserverReturningFutureOfValue {

		@ObservableMetric(name = "observer.future")
		CompletableFuture<Long> report(MetricObserver observer) {
			return CompletableFuture.completedFuture(1L);
		}

	}

	static class AsyncDurationCounter {

		@ObservableMetric(name = "uptime", type = Type.COUNTER)
		CompletableFuture<Duration> uptime() {
			return CompletableFuture.completedFuture(Duration.ZERO);
		}

	}

	static class PrivateOnProxy {

		@ObservableMetric(name = "private.on.proxy")
		private double value() {
			return 1;
		}

		public void advised() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAspectJAutoProxy(proxyTargetClass = true)
	static class ProxyingConfiguration {

		@Bean
		PrivateOnProxy privateOnProxy() {
			return new PrivateOnProxy();
		}

		@Bean
		AdvisingAspect advisingAspect() {
			return new AdvisingAspect();
		}

	}

	@Aspect
	static class AdvisingAspect {

		@Before("execution(public void io.github.observablemetrics.internal.validate.DeclarationValidationTests.PrivateOnProxy.advised())")
		void before() {
		}

	}

	interface Advised {

		void advised();

	}

	static class InterfaceBacked implements Advised {

		@Override
		public void advised() {
		}

		@ObservableMetric(name = "interface.backed.extra")
		public double extra() {
			return 1;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAspectJAutoProxy(proxyTargetClass = false)
	static class JdkProxyConfiguration {

		@Bean
		Advised interfaceBacked() {
			return new InterfaceBacked();
		}

		@Bean
		InterfaceAdvisingAspect interfaceAdvisingAspect() {
			return new InterfaceAdvisingAspect();
		}

	}

	@Aspect
	static class InterfaceAdvisingAspect {

		@Before("execution(public void io.github.observablemetrics.internal.validate.DeclarationValidationTests.Advised.advised())")
		void before() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RequestScopeConfiguration {

		@Bean
		@RequestScope
		Valid requestBean() {
			return new Valid();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrototypeConfiguration {

		@Bean
		@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
		Valid prototypeBean() {
			return new Valid();
		}

	}

	static class PlainGauge {

		@ObservableMetric(name = "user.plain.gauge")
		double value() {
			return 1;
		}

	}

	static class OpenOrdersWithABadTag {

		@ObservableMetric(name = "orders.open", tags = "region")
		double open() {
			return 1;
		}

	}

	static class LiveThreads {

		@ObservableMetric(name = "jvm.threads.live")
		double live() {
			return 1;
		}

	}

	static class OverflowTag {

		@ObservableMetric(name = "orders.processed", type = Type.COUNTER, tags = "otel.metric.overflow=true")
		double processed() {
			return 1;
		}

	}

	static class Valid {

		@ObservableMetric(name = "orders.open")
		double open() {
			return 1;
		}

	}

}
