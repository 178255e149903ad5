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

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.observablemetrics.ObservableMetric;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A callback that reads a dependency which can stop answering, as a database does in an
 * outage: {@code PUT /inventory/outage} makes the callback hang, {@code DELETE} ends the
 * outage. While it hangs, a scrape waits for it no longer than Prometheus' scrape timeout
 * allows, reports it as timed out ({@code observable_metrics_callback_up} 0), and every
 * other metric stays in the scrape.
 *
 * @author The Observable Metrics team
 */
@RestController
@RequestMapping("/inventory")
public class InventoryService {

	private volatile CountDownLatch outage = new CountDownLatch(0);

	@ObservableMetric(name = "app.inventory.items", description = "Items in stock, read from the inventory service")
	long items() throws InterruptedException {
		// stands for a query that does not return while the dependency is down
		this.outage.await(10, TimeUnit.MINUTES);
		return 1250;
	}

	@PutMapping("/outage")
	ResponseEntity<String> startOutage() {
		if (this.outage.getCount() == 0) {
			this.outage = new CountDownLatch(1);
		}
		return ResponseEntity.ok("The inventory service stopped answering\n");
	}

	@DeleteMapping("/outage")
	ResponseEntity<Void> endOutage() {
		this.outage.countDown();
		return ResponseEntity.noContent().build();
	}

}
