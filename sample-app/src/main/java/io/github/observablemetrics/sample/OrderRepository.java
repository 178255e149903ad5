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

package io.github.observablemetrics.sample;

import java.util.List;
import java.util.Optional;

import io.github.observablemetrics.ObservableMetric;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * The orders, a Spring Data JPA repository: one query method is also a metric, each row
 * it returns a series. There is no implementation class; the metric is read through the
 * repository's proxy, in its transaction, once per scrape.
 *
 * @author The Observable Metrics team
 */
public interface OrderRepository extends Repository<Order, Long> {

	@ObservableMetric(name = "orders.by.status", description = "Orders by status")
	@Query("select o.status as status, count(o) as count from Order o group by o.status")
	List<StatusCount> countByStatus();

	Order save(Order order);

	Optional<Order> findFirstByStatusOrderByIdAsc(Order.Status status);

	/**
	 * A row of {@link #countByStatus()}, an interface projection: the enum is the
	 * {@code status} tag, the number the value.
	 */
	interface StatusCount {

		Order.Status getStatus();

		long getCount();

	}

}
