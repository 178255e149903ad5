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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus' {@code promtool}, from Debian's {@code prometheus} package, as a judge of
 * what a scrape returns.
 * <ul>
 * <li>{@link #checkMetrics}: {@code promtool check metrics}, which parses the Prometheus
 * text format and lints it (exit code 0: clean, 3: lint problems, 1: not parseable).</li>
 * <li>{@link #parseOpenMetrics}: {@code promtool check metrics} does not read
 * OpenMetrics, so the exposition goes through Prometheus' OpenMetrics parser the only way
 * promtool offers, {@code promtool tsdb create-blocks-from openmetrics}. That backfill
 * command wants a timestamp on every sample, which a scrape does not carry, so one is
 * appended to each sample line; nothing else is changed.</li>
 * </ul>
 */
public final class Promtool {

	/**
	 * The Accept header that asks for OpenMetrics.
	 */
	public static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

	/**
	 * How to install promtool, for the message of a skipped test.
	 */
	public static final String INSTALL_HINT = "on Debian or Ubuntu: apt-get install prometheus";

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final Pattern SAMPLES_COLUMN = Pattern.compile("NUM SAMPLES");

	private final ExternalTool promtool;

	private Promtool(ExternalTool promtool) {
		this.promtool = promtool;
	}

	/**
	 * Finds promtool, or skips the test (fails it under CI) where it is missing.
	 * @return promtool
	 * @see ExternalTool#require
	 */
	public static Promtool require() {
		return new Promtool(ExternalTool.require("promtool", INSTALL_HINT));
	}

	/**
	 * Whether promtool is on the {@code PATH}, for a {@code @BeforeAll} that need not set
	 * up what no test will use.
	 * @return whether promtool is there
	 */
	public static boolean isInstalled() {
		return ExternalTool.find("promtool").isPresent();
	}

	/**
	 * Runs {@code promtool check metrics} on a scrape in the Prometheus text format.
	 * @param text the scrape
	 * @return what promtool said
	 * @throws Exception when promtool cannot be run
	 */
	public Check checkMetrics(String text) throws Exception {
		ExternalTool.Result result = this.promtool.run(TIMEOUT, text, "check", "metrics");
		return new Check(result.exitCode(), result.output());
	}

	/**
	 * Parses a scrape in the OpenMetrics format with Prometheus' OpenMetrics parser.
	 * @param exposition the scrape
	 * @return what promtool said and how many samples it read
	 * @throws Exception when promtool cannot be run
	 */
	public OpenMetricsParse parseOpenMetrics(String exposition) throws Exception {
		Path directory = Files.createTempDirectory("promtool-openmetrics");
		try {
			Path input = directory.resolve("scrape.om.txt");
			Files.writeString(input, withTimestamps(exposition, System.currentTimeMillis() / 1000),
					StandardCharsets.UTF_8);
			ExternalTool.Result result = this.promtool.run(TIMEOUT, null, "tsdb", "create-blocks-from", "openmetrics",
					input.toString(), directory.resolve("blocks").toString());
			return new OpenMetricsParse(result.exitCode(), result.output(), samplesWritten(result.output()));
		}
		finally {
			ExternalTool.deleteRecursively(directory);
		}
	}

	/**
	 * Asserts that a scrape in the OpenMetrics format ends with its {@code # EOF}
	 * terminator and that Prometheus' OpenMetrics parser reads every one of its samples.
	 * @param exposition the scrape
	 * @throws Exception when promtool cannot be run
	 */
	public void assertParsesAsOpenMetrics(String exposition) throws Exception {
		assertThat(exposition).endsWith("# EOF\n").containsOnlyOnce("# EOF");
		OpenMetricsParse parse = parseOpenMetrics(exposition);
		assertThat(parse.exitCode()).as("promtool's OpenMetrics parser on%n%s%nsaid%n%s", exposition, parse.output())
			.isZero();
		assertThat(parse.samplesWritten()).as(parse.output()).isEqualTo(sampleLines(exposition));
	}

	/**
	 * Appends a timestamp to every sample line that has none: after the value, before an
	 * exemplar.
	 */
	static String withTimestamps(String exposition, long epochSeconds) {
		StringBuilder timestamped = new StringBuilder(exposition.length() + 4096);
		for (String line : exposition.split("\n", -1)) {
			if (!line.isEmpty() && !line.startsWith("#")) {
				int valueStart = endOfSeries(line) + 1;
				int valueEnd = line.indexOf(' ', valueStart);
				if (valueEnd < 0) {
					line = line + " " + epochSeconds;
				}
				else if (line.startsWith("# ", valueEnd + 1)) {
					line = line.substring(0, valueEnd) + " " + epochSeconds + line.substring(valueEnd);
				}
			}
			timestamped.append(line).append('\n');
		}
		timestamped.setLength(timestamped.length() - 1);
		return timestamped.toString();
	}

	/**
	 * The index just after the name and labels of a sample line.
	 */
	private static int endOfSeries(String line) {
		int brace = line.indexOf('{');
		int space = line.indexOf(' ');
		if (brace < 0 || (space >= 0 && space < brace)) {
			return space;
		}
		boolean quoted = false;
		for (int i = brace + 1; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted && c == '\\') {
				i++;
			}
			else if (c == '"') {
				quoted = !quoted;
			}
			else if (!quoted && c == '}') {
				return i + 1;
			}
		}
		throw new IllegalArgumentException("Unterminated labels in " + line);
	}

	private static int samplesWritten(String output) {
		// BLOCK ULID MIN TIME MAX TIME DURATION NUM SAMPLES NUM CHUNKS ...
		List<String> lines = output.lines().toList();
		int total = -1;
		for (int i = 0; i < lines.size(); i++) {
			Matcher header = SAMPLES_COLUMN.matcher(lines.get(i));
			if (!header.find()) {
				continue;
			}
			int column = List.of(lines.get(i).trim().split(" {2,}")).indexOf("NUM SAMPLES");
			total = 0;
			for (String row : lines.subList(i + 1, lines.size())) {
				String[] cells = row.trim().split(" {2,}");
				if (cells.length > column) {
					total += Integer.parseInt(cells[column]);
				}
			}
		}
		return total;
	}

	/**
	 * Counts the sample lines of a scrape.
	 * @param exposition the scrape
	 * @return the number of lines that are neither comments nor blank
	 */
	public static int sampleLines(String exposition) {
		return (int) exposition.lines().filter((line) -> !line.isBlank() && !line.startsWith("#")).count();
	}

	/**
	 * What {@code promtool check metrics} said.
	 *
	 * @param exitCode 0 when clean, 3 with lint problems, 1 when the input does not parse
	 * @param output what it printed: one problem a line
	 */
	public record Check(int exitCode, String output) {

		/**
		 * The lint problems, one per line of the output.
		 * @return the problems
		 */
		public List<Problem> problems() {
			List<Problem> problems = new ArrayList<>();
			for (String line : this.output.lines().filter((line) -> !line.isBlank()).toList()) {
				int space = line.indexOf(' ');
				problems.add((space < 0) ? new Problem(line, "")
						: new Problem(line.substring(0, space), line.substring(space + 1)));
			}
			return problems;
		}

		/**
		 * Whether the input parsed: promtool lints only what it could parse.
		 * @return whether the input is valid text format
		 */
		public boolean parsed() {
			return this.exitCode == 0 || this.exitCode == 3;
		}

	}

	/**
	 * One lint problem.
	 *
	 * @param metric the metric family it is about
	 * @param text what is wrong
	 */
	public record Problem(String metric, String text) {

		@Override
		public String toString() {
			return this.metric + " " + this.text;
		}

	}

	/**
	 * What Prometheus' OpenMetrics parser made of a scrape.
	 *
	 * @param exitCode 0 when every line parsed
	 * @param output what promtool printed
	 * @param samplesWritten how many samples it read, or -1 when it read none
	 */
	public record OpenMetricsParse(int exitCode, String output, int samplesWritten) {

	}

}
