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

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import io.github.observablemetrics.test.NettyServer;
import io.github.observablemetrics.test.PrometheusText;
import io.github.observablemetrics.test.RunningApplication;
import io.r2dbc.h2.H2ConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux application on Reactor Netty whose callback counts the rows of a table of a
 * real reactive data source, R2DBC on an in-memory H2 database, with a
 * {@code Mono<Long>}; scraped over real HTTP.
 */
class ReactiveDataSourceTests {

	/**
	 * Names of Reactor Netty's event-loop threads, as in {@link ReactiveScrapeTests}.
	 */
	private static final Pattern EVENT_LOOP = Pattern.compile("reactor-http-.*|.*event-?loop.*",
			Pattern.CASE_INSENSITIVE);

	private static RunningApplication app;

	private static DatabaseClient database;

	private static Orders orders;

	@BeforeAll
	static void start() {
		app = RunningApplication.start(WebApplicationType.REACTIVE, new Class<?>[] { R2dbcConfiguration.class });
		database = app.bean(DatabaseClient.class);
		orders = app.bean(Orders.class);
		database.sql("CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, status VARCHAR(16))").then().block();
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void rowsInsertedBetweenScrapesShowInTheNextScrape() {
		long before = app.scrape("orders_stored").value("orders_stored").orElseThrow().longValue();
		insert(3);
		assertThat(app.scrape("orders_stored").value("orders_stored")).contains(before + 3.0);
		insert(2);
		assertThat(app.scrape("orders_stored").value("orders_stored")).contains(before + 5.0);
	}

	@Test
	void oneScrapeIsOneQuery() {
		app.scrape("orders_stored");
		CountingConnectionFactory counting = app.bean(CountingConnectionFactory.class);
		int queries = counting.countQueries.get();
		PrometheusText scrape = app.scrape();
		assertThat(scrape.value("orders_stored")).isPresent();
		assertThat(counting.countQueries.get() - queries).isOne();
		app.scrape("orders_stored");
		assertThat(counting.countQueries.get() - queries).isEqualTo(2);
	}

	@Test
	void theCallbackNeverRunsOnAnEventLoopThreadNorDoesItsQuery() {
		app.scrape("orders_stored");
		app.scrape();
		assertThat(orders.calledOn).isNotEmpty().noneMatch((name) -> EVENT_LOOP.matcher(name).matches());
		assertThat(orders.emittedOn).isNotEmpty().noneMatch((name) -> EVENT_LOOP.matcher(name).matches());
		assertThat(app.bean(CountingConnectionFactory.class).queriedOn).isNotEmpty()
			.noneMatch((name) -> EVENT_LOOP.matcher(name).matches());
	}

	private static void insert(int rows) {
		for (int i = 0; i < rows; i++) {
			database.sql("INSERT INTO orders (status) VALUES ('open')").then().block();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(NettyServer.class)
	static class R2dbcConfiguration {

		@Bean
		CountingConnectionFactory connectionFactory() {
			return new CountingConnectionFactory(H2ConnectionFactory.inMemory("observable-metrics-orders"));
		}

		@Bean
		DatabaseClient databaseClient(ConnectionFactory connectionFactory) {
			return DatabaseClient.create(connectionFactory);
		}

		@Bean
		Orders orders(DatabaseClient database) {
			return new Orders(database);
		}

	}

	static class Orders {

		final Set<String> calledOn = ConcurrentHashMap.newKeySet();

		final Set<String> emittedOn = ConcurrentHashMap.newKeySet();

		private final DatabaseClient database;

		Orders(DatabaseClient database) {
			this.database = database;
		}

		@ObservableMetric(name = "orders.stored", description = "Orders in the database")
		Mono<Long> stored() {
			this.calledOn.add(Thread.currentThread().getName());
			return this.database.sql("SELECT COUNT(*) FROM orders")
				.map((row) -> row.get(0, Long.class))
				.one()
				.doOnNext((count) -> this.emittedOn.add(Thread.currentThread().getName()));
		}

	}

	/**
	 * Counts the count queries that connections of the data source prepare, and the
	 * threads they are prepared on.
	 */
	static class CountingConnectionFactory implements ConnectionFactory {

		final AtomicInteger countQueries = new AtomicInteger();

		final Set<String> queriedOn = ConcurrentHashMap.newKeySet();

		private final ConnectionFactory delegate;

		CountingConnectionFactory(ConnectionFactory delegate) {
			this.delegate = delegate;
		}

		@Override
		public Publisher<? extends Connection> create() {
			return Mono.from(this.delegate.create()).map(this::counting);
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return this.delegate.getMetadata();
		}

		private Connection counting(Connection connection) {
			return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
					(proxy, method, arguments) -> {
						if (method.getName().equals("createStatement")
								&& String.valueOf(arguments[0]).startsWith("SELECT COUNT")) {
							this.countQueries.incrementAndGet();
							this.queriedOn.add(Thread.currentThread().getName());
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
