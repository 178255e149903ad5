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

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import io.github.observablemetrics.ObservableMetric;

import org.springframework.stereotype.Component;

/**
 * The JVM analogue of the goroutine count that GoFrame's callback example lists among the
 * system metrics a callback suits: the number of live threads, read when a scrape asks
 * for it.
 * <p>
 * It is {@code app.threads.live} because Spring Boot registers {@code jvm.threads.live}
 * already, and a declaration must not clash with a meter registered by hand.
 *
 * @author The Observable Metrics team
 */
@Component
public class LiveThreadsGauge {

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	/**
	 * The live threads now, daemon or not.
	 * @return the number of live threads
	 */
	@ObservableMetric(name = "app.threads.live", description = "The number of live threads of the application")
	public int liveThreads() {
		return this.threads.getThreadCount();
	}

}
