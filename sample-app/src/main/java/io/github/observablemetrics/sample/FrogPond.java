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

import java.util.function.DoubleConsumer;

/**
 * The simulated observations of the pond temperature examples of the
 * {@code client_golang} exporter tutorial, shared by {@link PondTemperatureHistogram} and
 * {@link PondTemperatureSummary}.
 *
 * @author The Observable Metrics team
 */
final class FrogPond {

	/**
	 * How many temperatures the tutorial observes.
	 */
	static final int OBSERVATIONS = 1000;

	private FrogPond() {
	}

	/**
	 * The {@code i}-th observation:
	 * {@code 30 + math.Floor(120*math.Sin(float64(i)*0.1))/10}.
	 * @param i the index of the observation, from 0
	 * @return the temperature in degrees Celsius
	 */
	static double temperature(int i) {
		return 30 + Math.floor(120 * Math.sin(i * 0.1)) / 10;
	}

	/**
	 * Makes the tutorial's 1000 observations.
	 * @param observation receives each temperature
	 */
	static void simulateObservations(DoubleConsumer observation) {
		for (int i = 0; i < OBSERVATIONS; i++) {
			observation.accept(temperature(i));
		}
	}

}
