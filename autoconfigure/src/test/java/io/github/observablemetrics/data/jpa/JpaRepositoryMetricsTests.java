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

package io.github.observablemetrics.data.jpa;

import java.util.List;

import io.github.observablemetrics.InvalidObservableMetricException;
import io.github.observablemetrics.ObservableMetric;
import io.github.observablemetrics.test.PrometheusText;
import io.github.observablemetrics.test.RunningApplication;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.data.repository.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @ObservableMetric} on the methods of a Spring Data JPA repository interface,
 * which has no implementation class: a query method returning its rows as interface
 * projections, one returning records, a derived count and a default method, on in-memory
 * H2, scraped over real HTTP.
 */
class JpaRepositoryMetricsTests {

	/**
	 * Switches Spring Boot's data source back on (see the test application.properties).
	 * Spring Boot 3.5 would also configure R2DBC from r2dbc-h2 on the test class path,
	 * and its data source backs off where an R2DBC ConnectionFactory exists; that line's
	 * R2DBC auto-configuration is excluded (Spring Boot ignores a name that is not on the
	 * class path, as on the 4.x lines).
	 */
	private static final String WITH_DATA_SOURCE = "--spring.autoconfigure.exclude="
			+ "org.springframework.boot.autoconfigure.r2dbc.R2dbcAutoConfiguration";

	private static RunningApplication app;

	private static OrderRepository orders;

	@BeforeAll
	static void start() {
		app = RunningApplication.run(OrdersApplication.class, WITH_DATA_SOURCE,
				"--spring.datasource.url=jdbc:h2:mem:jpa-orders;DB_CLOSE_DELAY=-1",
				"--spring.jpa.hibernate.ddl-auto=create-drop");
		orders = app.bean(OrderRepository.class);
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void theRepositoryIsAJdkProxyWithoutAnImplementationClass() {
		assertThat(AopUtils.isJdkDynamicProxy(orders)).isTrue();
		assertThat(AopUtils.getTargetClass(orders)).isNotEqualTo(OrderRepository.class);
	}

	@Test
	void queryMethodRowsBecomeSeriesAndFollowTheTable() {
		orders.save(new Order(Status.WAITING, false));
		orders.save(new Order(Status.WAITING, false));
		orders.save(new Order(Status.SHIPPED, true));
		PrometheusText first = app.scrape();
		double waiting = first.value("orders_by_status", "status", "WAITING").orElseThrow();
		double shipped = first.value("orders_by_status", "status", "SHIPPED").orElseThrow();
		assertThat(first.value("orders_by_status_rows", "status", "SHIPPED")).contains(shipped);
		assertThat(first.value("orders_unshipped")).contains(waiting);
		orders.save(new Order(Status.WAITING, false));
		orders.save(new Order(Status.CANCELLED, false));
		PrometheusText next = app.scrape();
		assertThat(next.value("orders_by_status", "status", "WAITING")).contains(waiting + 1);
		assertThat(next.value("orders_by_status", "status", "CANCELLED")).contains(1.0);
		assertThat(next.value("orders_by_status_rows", "status", "CANCELLED")).contains(1.0);
		assertThat(next.value("orders_unshipped")).contains(waiting + 2);
		assertThat(next.type("orders_by_status")).isEqualTo("gauge");
	}

	@Test
	void aDefaultMethodIsCalledThroughTheProxyInItsTransaction() {
		assertThat(app.scrape().value("orders_in_transaction")).contains(1.0);
	}

	@Test
	void aRepositoryThatNothingInjectsHasItsMetricsFromStartUp() {
		try (RunningApplication unused = RunningApplication.run(OrdersApplication.class, WITH_DATA_SOURCE,
				"--spring.datasource.url=jdbc:h2:mem:jpa-unused;DB_CLOSE_DELAY=-1",
				"--spring.jpa.hibernate.ddl-auto=create-drop")) {
			assertThat(unused.scrape().value("orders_unshipped")).contains(0.0);
		}
	}

	@Test
	void aQueryMethodWithParametersStopsStartUpAskingForABeanMethod() {
		assertThatExceptionOfType(InvalidObservableMetricException.class)
			.isThrownBy(() -> RunningApplication.run(InvalidApplication.class, WITH_DATA_SOURCE,
					"--spring.datasource.url=jdbc:h2:mem:jpa-invalid;DB_CLOSE_DELAY=-1",
					"--spring.jpa.hibernate.ddl-auto=create-drop", "--server.port=0"))
			.withMessageContaining(ParameterRepository.class.getName() + ".countByStatus(Status)")
			.withMessageContaining("has parameters it cannot be given at scrape time")
			.withMessageContaining("move the @ObservableMetric to a method of a bean of your own");
	}

	enum Status {

		WAITING, SHIPPED, CANCELLED

	}

	@Entity
	@Table(name = "orders")
	static class Order {

		@Id
		@GeneratedValue
		private Long id;

		@Enumerated(EnumType.STRING)
		@Column(nullable = false)
		private Status status;

		private boolean shipped;

		protected Order() {
		}

		Order(Status status, boolean shipped) {
			this.status = status;
			this.shipped = shipped;
		}

	}

	/**
	 * A Spring Data interface projection.
	 */
	interface StatusCount {

		Status getStatus();

		long getCount();

	}

	record StatusRow(Status status, long count) {

	}

	interface OrderRepository extends Repository<Order, Long> {

		@ObservableMetric(name = "orders.by.status", description = "Orders by status")
		@Query("select o.status as status, count(o) as count from JpaRepositoryMetricsTests$Order o group by o.status")
		List<StatusCount> countByStatus();

		@ObservableMetric(name = "orders.by.status.rows", description = "Orders by status, as records")
		@Query("select new io.github.observablemetrics.data.jpa.JpaRepositoryMetricsTests$StatusRow(o.status, count(o))"
				+ " from JpaRepositoryMetricsTests$Order o group by o.status")
		List<StatusRow> statusRows();

		@ObservableMetric(name = "orders.unshipped", description = "Orders not shipped yet")
		long countByShippedFalse();

		@ObservableMetric(name = "orders.in.transaction")
		@Transactional(readOnly = true)
		default boolean inTransaction() {
			return TransactionSynchronizationManager.isActualTransactionActive();
		}

		Order save(Order order);

	}

	interface ParameterRepository extends Repository<Order, Long> {

		@ObservableMetric(name = "orders.with.status")
		long countByStatus(Status status);

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableJpaRepositories(considerNestedRepositories = true,
			includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = OrderRepository.class))
	static class OrdersApplication {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableJpaRepositories(considerNestedRepositories = true,
			includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = ParameterRepository.class))
	static class InvalidApplication {

	}

}
