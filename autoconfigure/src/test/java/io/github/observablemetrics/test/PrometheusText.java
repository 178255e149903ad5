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

package io.github.observablemetrics.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the Prometheus text format as far as the tests need: samples with their labels
 * and values, and the TYPE lines.
 */
public final class PrometheusText {

	private final String text;

	private final List<Sample> samples = new ArrayList<>();

	private final Map<String, String> types = new LinkedHashMap<>();

	private PrometheusText(String text) {
		this.text = text;
		for (String line : text.split("\n")) {
			if (line.startsWith("# TYPE ")) {
				String[] parts = line.split(" ");
				this.types.put(parts[2], parts[3]);
			}
			else if (!line.isBlank() && !line.startsWith("#")) {
				this.samples.add(Sample.parse(line));
			}
		}
	}

	public static PrometheusText parse(String text) {
		return new PrometheusText(text);
	}

	public String text() {
		return this.text;
	}

	public List<Sample> samples() {
		return this.samples;
	}

	public List<Sample> samples(String name) {
		return this.samples.stream().filter((sample) -> sample.name().equals(name)).toList();
	}

	/**
	 * The value of the one sample of that name whose labels include the given ones.
	 */
	public Optional<Double> value(String name, String... labelKeyValues) {
		List<Sample> matching = this.samples.stream()
			.filter((sample) -> sample.name().equals(name) && sample.has(labelKeyValues))
			.toList();
		if (matching.size() > 1) {
			throw new IllegalStateException("More than one sample " + name + " matches: " + matching);
		}
		return matching.stream().findFirst().map(Sample::value);
	}

	public String type(String name) {
		return this.types.get(name);
	}

	public record Sample(String name, Map<String, String> labels, double value) {

		boolean has(String... labelKeyValues) {
			for (int i = 0; i < labelKeyValues.length; i += 2) {
				if (!labelKeyValues[i + 1].equals(this.labels.get(labelKeyValues[i]))) {
					return false;
				}
			}
			return true;
		}

		static Sample parse(String line) {
			int brace = line.indexOf('{');
			int space = line.indexOf(' ');
			if (brace < 0 || brace > space) {
				return new Sample(line.substring(0, space), Map.of(), number(line.substring(space + 1)));
			}
			Map<String, String> labels = new LinkedHashMap<>();
			int i = brace + 1;
			while (line.charAt(i) != '}') {
				int equals = line.indexOf('=', i);
				String key = line.substring(i, equals);
				StringBuilder value = new StringBuilder();
				int j = equals + 2;
				while (line.charAt(j) != '"') {
					char c = line.charAt(j);
					if (c == '\\') {
						char next = line.charAt(++j);
						value.append((next == 'n') ? '\n' : next);
					}
					else {
						value.append(c);
					}
					j++;
				}
				labels.put(key, value.toString());
				i = j + 1;
				if (line.charAt(i) == ',') {
					i++;
				}
			}
			String rest = line.substring(i + 1).trim();
			int end = rest.indexOf(' ');
			return new Sample(line.substring(0, brace), labels, number((end < 0) ? rest : rest.substring(0, end)));
		}

		private static double number(String text) {
			return switch (text.trim()) {
				case "NaN" -> Double.NaN;
				case "+Inf" -> Double.POSITIVE_INFINITY;
				case "-Inf" -> Double.NEGATIVE_INFINITY;
				default -> Double.parseDouble(text.trim().split(" ")[0]);
			};
		}

	}

}
