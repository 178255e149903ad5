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

import io.github.observablemetrics.ObservableMetric;

import org.springframework.stereotype.Component;

/**
 * The gauge example of the {@code client_golang} exporter tutorial ("guage 示例"): a
 * temperature between 20 and 30 degrees Celsius. The tutorial sets a new random value
 * every second from a goroutine; here the value is computed when a scrape reads it, so
 * nothing runs between scrapes.
 *
 * @author The Observable Metrics team
 */
@Component
public class TemperatureGauge {

	/**
	 * The temperature now, as {@code 20.0 + 10.0*rand.Float64()} in the tutorial.
	 * @return the temperature in degrees Celsius
	 */
	@ObservableMetric(name = "temperature", unit = "celsius", description = "Current temperature in Celsius")
	public double temperature() {
		return 20.0 + 10.0 * ThreadLocalRandom.current().nextDouble();
	}

}
