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

package io.github.observablemetrics.sample.postgresql;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.observablemetrics.ObservableMetric;
import io.github.observablemetrics.sample.Order;
import io.github.observablemetrics.sample.OrderRepository;
import io.github.observablemetrics.sample.SampleApplication;
import io.github.observablemetrics.test.PrometheusText;
import io.github.observablemetrics.test.RunningApplication;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.annotation.Id;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.r2dbc.repository.R2dbcRepository;
import org.springframework.data.r2dbc.repository.config.EnableR2dbcRepositories;
import org.springframework.data.relational.core.mapping.Table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application's orders on a real PostgreSQL server ({@link PostgreSqlServer}),
 * exported by status through the JPA repository and through a Spring Data R2DBC
 * repository: what a scrape reads follows the table, one scrape is one query per metric,
 * and a server that stops answering costs its metrics their series and the scrape nothing
 * beyond the callback timeout.
 */
class PostgreSqlIT {

	private static final Duration CALLBACK_TIMEOUT = Duration.ofSeconds(1);

	/**
	 * What a scrape may take beyond the callback timeout on a loaded two-core machine.
	 */
	private static final Duration MARGIN = Duration.ofSeconds(3);

	private static final String JPA_CALLBACK = "orderRepository.countByStatus";

	private static final String R2DBC_CALLBACK = "postgreSqlIT.ReactiveOrderRepository.countByStatus";

	private static PostgreSqlServer server;

	private static RunningApplication app;

	@BeforeAll
	static void start() throws Exception {
		Path bin = PostgreSqlServer.require();
		server = PostgreSqlServer.start(bin);
		try {
			app = RunningApplication.of(new SpringApplicationBuilder(SampleApplication.class, ReactiveOrders.class)
				.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
						"management.endpoints.web.exposure.include=*")
				.run("--spring.datasource.url=" + server.jdbcUrl(),
						"--spring.datasource.username=" + PostgreSqlServer.USER,
						"--spring.jpa.hibernate.ddl-auto=create", "--spring.jpa.open-in-view=false",
						"--spring.jpa.properties.hibernate.generate_statistics=true",
						"--postgresql.port=" + server.port(), "--sample.orders.traffic=false",
						"--observable-metrics.callback-timeout=" + CALLBACK_TIMEOUT.toMillis() + "ms"));
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
	}

	@AfterAll
	static void stop() {
		try {
			if (app != null) {
				app.close();
			}
		}
		finally {
			if (server != null) {
				server.close();
			}
		}
	}

	@Test
	void rowsInsertedBetweenScrapesShowInTheNextScrape() {
		PrometheusText before = app.scrape();
		double waiting = before.value("orders_by_status", "status", "WAITING").orElse(0.0);
		double cancelled = before.value("orders_by_status", "status", "CANCELLED").orElse(0.0);
		assertThat(before.value("orders_by_status_reactive", "status", "WAITING"))
			.isEqualTo(before.value("orders_by_status", "status", "WAITING"));
		OrderRepository orders = app.bean(OrderRepository.class);
		orders.save(new Order(Order.Status.WAITING));
		orders.save(new Order(Order.Status.WAITING));
		orders.save(new Order(Order.Status.CANCELLED));
		PrometheusText after = app.scrape();
		assertThat(after.value("orders_by_status", "status", "WAITING")).contains(waiting + 2);
		assertThat(after.value("orders_by_status", "status", "CANCELLED")).contains(cancelled + 1);
		assertThat(after.value("orders_by_status_reactive", "status", "WAITING")).contains(waiting + 2);
		assertThat(after.value("orders_by_status_reactive", "status", "CANCELLED")).contains(cancelled + 1);
	}

	@Test
	void oneScrapeIsOneQueryPerMetric() {
		app.bean(OrderRepository.class).save(new Order(Order.Status.SHIPPED));
		Statistics statistics = app.bean(EntityManagerFactory.class).unwrap(SessionFactory.class).getStatistics();
		CountingConnectionFactory r2dbc = app.bean(CountingConnectionFactory.class);
		app.scrape();
		long jpaQueries = statistics.getQueryExecutionCount();
		int r2dbcQueries = r2dbc.statusQueries.get();
		PrometheusText scrape = app.scrape();
		assertThat(scrape.value("orders_by_status", "status", "SHIPPED")).isPresent();
		assertThat(scrape.value("orders_by_status_reactive", "status", "SHIPPED")).isPresent();
		assertThat(statistics.getQueryExecutionCount() - jpaQueries).isOne();
		assertThat(r2dbc.statusQueries.get() - r2dbcQueries).isOne();
		app.scrape();
		assertThat(statistics.getQueryExecutionCount() - jpaQueries).isEqualTo(2);
		assertThat(r2dbc.statusQueries.get() - r2dbcQueries).isEqualTo(2);
	}

	@Test
	void aDatabaseThatStopsAnsweringCostsItsMetricsTheirSeriesAndTheScrapeNoMoreThanTheTimeout() throws Exception {
		app.bean(OrderRepository.class).save(new Order(Order.Status.WAITING));
		assertThat(app.scrape().value("orders_by_status", "status", "WAITING")).isPresent();
		try (PostgreSqlServer.Frozen frozen = server.freeze()) {
			for (int i = 0; i < 2; i++) {
				long start = System.nanoTime();
				HttpResponse<String> response = app.send("/actuator/prometheus", null);
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(took).isLessThan(CALLBACK_TIMEOUT.plus(MARGIN));
				PrometheusText scrape = PrometheusText.parse(response.body());
				// no series, or not a number: a gauge whose run failed
				assertThat(scrape.samples("orders_by_status"))
					.allSatisfy((sample) -> assertThat(sample.value()).isNaN());
				assertThat(scrape.samples("orders_by_status_reactive"))
					.allSatisfy((sample) -> assertThat(sample.value()).isNaN());
				assertThat(scrape.value("observable_metrics_callback_up", "callback", JPA_CALLBACK)).contains(0.0);
				assertThat(scrape.value("observable_metrics_callback_up", "callback", R2DBC_CALLBACK)).contains(0.0);
				// the metrics that need no database
				assertThat(scrape.value("temperature_celsius")).isPresent();
				assertThat(scrape.samples("pool_active")).isNotEmpty();
			}
		}
		PrometheusText recovered = await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(500))
			.until(app::scrape, (scrape) -> scrape.value("observable_metrics_callback_up", "callback", JPA_CALLBACK)
				.orElse(0.0) == 1.0
					&& scrape.value("observable_metrics_callback_up", "callback", R2DBC_CALLBACK).orElse(0.0) == 1.0);
		assertThat(recovered.value("orders_by_status", "status", "WAITING")).isPresent();
		assertThat(recovered.value("orders_by_status_reactive", "status", "WAITING")).isPresent();
	}

	/**
	 * The orders table read through R2DBC: a repository of its own, whose query method
	 * returns its rows as a {@code Flux}. Not a {@code @Configuration}, so that the
	 * sample's component scan leaves it to this test. Its connection factory is not a
	 * bean: Spring Boot's data source, which JPA needs, backs off before one.
	 */
	@EnableR2dbcRepositories(considerNestedRepositories = true, basePackageClasses = PostgreSqlIT.class)
	static class ReactiveOrders {

		@Bean
		CountingConnectionFactory countingConnectionFactory(Environment environment) {
			return new CountingConnectionFactory(
					new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
						.host("127.0.0.1")
						.port(environment.getRequiredProperty("postgresql.port", Integer.class))
						.username(PostgreSqlServer.USER)
						.database("postgres")
						.build()));
		}

		@Bean
		R2dbcEntityTemplate r2dbcEntityTemplate(CountingConnectionFactory connections) {
			return new R2dbcEntityTemplate(connections.connectionFactory());
		}

	}

	@Table("orders")
	record OrderRow(@Id Long id, String status) {

	}

	interface ReactiveOrderRepository extends R2dbcRepository<OrderRow, Long> {

		@ObservableMetric(name = "orders.by.status.reactive", description = "Orders by status, read through R2DBC")
		@Query("select status, count(*) as count from orders group by status")
		Flux<StatusCount> countByStatus();

	}

	record StatusCount(String status, long count) {

	}

	/**
	 * Makes a connection factory whose connections count the statements by status they
	 * create. Not a {@code ConnectionFactory} itself, so that it can be a bean.
	 */
	static class CountingConnectionFactory {

		final AtomicInteger statusQueries = new AtomicInteger();

		private final ConnectionFactory delegate;

		CountingConnectionFactory(ConnectionFactory delegate) {
			this.delegate = delegate;
		}

		/**
		 * The connection factory whose connections count.
		 */
		ConnectionFactory connectionFactory() {
			return new ConnectionFactory() {

				@Override
				public Publisher<? extends Connection> create() {
					return Mono.from(CountingConnectionFactory.this.delegate.create())
						.map(CountingConnectionFactory.this::counting);
				}

				@Override
				public ConnectionFactoryMetadata getMetadata() {
					return CountingConnectionFactory.this.delegate.getMetadata();
				}

			};
		}

		private Connection counting(Connection connection) {
			return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
					(proxy, method, arguments) -> {
						if (method.getName().equals("createStatement")
								&& String.valueOf(arguments[0]).contains("group by status")) {
							this.statusQueries.incrementAndGet();
						}
						try {
							return method.invoke(connection, arguments);
						}
						catch (InvocationTargetException ex) {
							throw ex.getTargetException();
						}
					});
		}

	}

}
