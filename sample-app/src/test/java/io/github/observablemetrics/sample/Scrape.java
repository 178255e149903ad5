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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One read of {@code /actuator/prometheus}, parsed from the Prometheus text format: the
 * samples by series ({@code name{labels}}), and the HELP and TYPE of each metric family.
 *
 * @param samples the value of each series, such as
 * {@code http_requests_total{code="404",method="POST"}}
 * @param help the HELP text of each metric family
 * @param types the TYPE of each metric family
 * @author The Observable Metrics team
 */
record Scrape(Map<String, Double> samples, Map<String, String> help, Map<String, String> types) {

	static Scrape parse(String text) {
		Map<String, Double> samples = new LinkedHashMap<>();
		Map<String, String> help = new LinkedHashMap<>();
		Map<String, String> types = new LinkedHashMap<>();
		for (String line : text.split("\n")) {
			if (line.startsWith("# HELP ")) {
				String[] parts = line.substring("# HELP ".length()).split(" ", 2);
				help.put(parts[0], (parts.length > 1) ? parts[1] : "");
			}
			else if (line.startsWith("# TYPE ")) {
				String[] parts = line.substring("# TYPE ".length()).split(" ", 2);
				types.put(parts[0], parts[1]);
			}
			else if (!line.isBlank() && !line.startsWith("#")) {
				// a label value may contain spaces: the series ends at the last '}'
				int end = line.contains("}") ? line.lastIndexOf('}') + 1 : line.indexOf(' ');
				String value = line.substring(end).trim().split(" ")[0];
				samples.put(line.substring(0, end), Double.parseDouble(value));
			}
		}
		return new Scrape(samples, help, types);
	}

	double value(String series) {
		Double value = this.samples.get(series);
		if (value == null) {
			throw new AssertionError("No series " + series + " in the scrape; the series of that metric are "
					+ seriesOf(series.contains("{") ? series.substring(0, series.indexOf('{')) : series));
		}
		return value;
	}

	/**
	 * The series of one metric family, without the other families whose names it starts.
	 * @param name the name of the series, such as {@code http_requests_total}
	 * @return the series and their values
	 */
	Map<String, Double> seriesOf(String name) {
		return this.samples.entrySet()
			.stream()
			.filter((sample) -> sample.getKey().equals(name) || sample.getKey().startsWith(name + "{"))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
	}

}
