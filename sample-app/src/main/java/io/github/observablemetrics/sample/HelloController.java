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

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The first example of the {@code client_golang} exporter tutorial ("Exporter 开发"): a
 * {@code /hello} endpoint that counts its requests in {@code ep1_counter}.
 *
 * @author The Observable Metrics team
 */
@RestController
public class HelloController {

	private final Counter counter;

	HelloController(MeterRegistry registry) {
		this.counter = Counter.builder("ep1.counter").description("ep1 hello counter metric.").register(registry);
	}

	@GetMapping("/hello")
	public String hello() {
		this.counter.increment();
		return "Hello from Prometheus Exporter!";
	}

}
