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

import java.util.concurrent.atomic.AtomicInteger;

import io.github.observablemetrics.test.BootAutoConfigurations;
import io.github.observablemetrics.test.PrometheusText;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callbacks on beans behind Spring AOP proxies are called through the proxy, so that
 * advice applies, whatever the proxy and the method's visibility.
 */
class ProxiedBeanTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(BootAutoConfigurations.prometheus());

	@Test
	void callbacksOnClassProxiesRunThroughTheProxy() {
		this.runner.withUserConfiguration(ClassProxyConfiguration.class).run((context) -> {
			Readings readings = context.getBean(Readings.class);
			assertThat(AopUtils.isCglibProxy(readings)).isTrue();
			PrometheusText scrape = scrape(context.getBean(PrometheusMeterRegistry.class));
			assertThat(scrape.value("readings_package_private")).contains(1.0);
			assertThat(scrape.value("readings_protected")).contains(2.0);
			assertThat(scrape.value("readings_public")).contains(3.0);
			assertThat(context.getBean(CountingAspect.class).advised).hasValue(3);
		});
	}

	@Test
	void callbacksOnInterfaceProxiesRunThroughTheProxyWithTheAnnotationOnTheImplementation() {
		this.runner.withUserConfiguration(InterfaceProxyConfiguration.class).run((context) -> {
			Reading reading = context.getBean(Reading.class);
			assertThat(AopUtils.isJdkDynamicProxy(reading)).isTrue();
			PrometheusText scrape = scrape(context.getBean(PrometheusMeterRegistry.class));
			assertThat(scrape.value("reading_value")).contains(7.0);
			assertThat(context.getBean(CountingAspect.class).advised).hasValue(1);
		});
	}

	@Test
	void privateMethodsOfBeansThatAreNotProxiedAreCalled() {
		this.runner.withBean("componentReadings", ComponentReadings.class)
			.run((context) -> assertThat(
					scrape(context.getBean(PrometheusMeterRegistry.class)).value("component_readings_value"))
				.contains(5.0));
	}

	private static PrometheusText scrape(PrometheusMeterRegistry registry) {
		return PrometheusText.parse(registry.scrape());
	}

	@Aspect
	static class CountingAspect {

		final AtomicInteger advised = new AtomicInteger();

		@Around("@annotation(io.github.observablemetrics.ObservableMetric)")
		Object count(ProceedingJoinPoint joinPoint) throws Throwable {
			this.advised.incrementAndGet();
			return joinPoint.proceed();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAspectJAutoProxy(proxyTargetClass = true)
	static class ClassProxyConfiguration {

		@Bean
		CountingAspect countingAspect() {
			return new CountingAspect();
		}

		@Bean
		Readings readings() {
			return new Readings();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAspectJAutoProxy(proxyTargetClass = false)
	static class InterfaceProxyConfiguration {

		@Bean
		CountingAspect countingAspect() {
			return new CountingAspect();
		}

		@Bean
		Reading reading() {
			return new ReadingImpl();
		}

	}

	static class Readings {

		@ObservableMetric(name = "readings.package.private")
		int packagePrivate() {
			return 1;
		}

		@ObservableMetric(name = "readings.protected")
		protected int protectedValue() {
			return 2;
		}

		@ObservableMetric(name = "readings.public")
		public int publicValue() {
			return 3;
		}

	}

	interface Reading {

		int value();

	}

	static class ReadingImpl implements Reading {

		@Override
		@ObservableMetric(name = "reading.value")
		public int value() {
			return 7;
		}

	}

	static class ComponentReadings {

		@ObservableMetric(name = "component.readings.value")
		private long value() {
			return 5;
		}

	}

}
