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

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The operators' files in the repository's {@code observability} directory: the
 * Prometheus rules, their unit tests and the Grafana dashboard.
 */
final class Observability {

	private Observability() {
	}

	/**
	 * The Prometheus rules file.
	 * @return its path
	 */
	static Path rules() {
		return file("prometheus/observable-metrics.rules.yml");
	}

	/**
	 * The unit tests of the rules, for {@code promtool test rules}.
	 * @return its path
	 */
	static Path rulesTests() {
		return file("prometheus/observable-metrics.rules.test.yml");
	}

	/**
	 * The Grafana dashboard.
	 * @return its path
	 */
	static Path dashboard() {
		return file("grafana/observable-metrics-dashboard.json");
	}

	/**
	 * A file under {@code observability}, found from the working directory (the module's
	 * directory under Maven) upwards.
	 */
	private static Path file(String relative) {
		for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
			Path candidate = directory.resolve("observability").resolve(relative);
			if (Files.isRegularFile(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException(
				"No observability/" + relative + " in " + Path.of("").toAbsolutePath() + " or a directory above it");
	}

}
