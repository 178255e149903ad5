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

import java.util.concurrent.ThreadLocalRandom;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Simulates the shop: every second an order comes in, and now and then the oldest waiting
 * one is shipped or cancelled, so that {@code orders_by_status} moves between scrapes.
 * {@code sample.orders.traffic=false} turns it off.
 *
 * @author The Observable Metrics team
 */
@Component
@ConditionalOnBooleanProperty(name = "sample.orders.traffic", matchIfMissing = true)
class OrderTraffic {

	private final OrderRepository orders;

	OrderTraffic(OrderRepository orders) {
		this.orders = orders;
	}

	@Scheduled(fixedDelay = 1000)
	@Transactional
	void tick() {
		this.orders.save(new Order(Order.Status.WAITING));
		ThreadLocalRandom random = ThreadLocalRandom.current();
		if (random.nextInt(3) != 0) {
			this.orders.findFirstByStatusOrderByIdAsc(Order.Status.WAITING)
				.ifPresent((order) -> order
					.setStatus((random.nextInt(5) != 0) ? Order.Status.SHIPPED : Order.Status.CANCELLED));
		}
	}

}
