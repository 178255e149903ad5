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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

/**
 * The Grafana dashboard's JSON, and its queries as Prometheus can run them: Grafana's
 * built-in interval variables replaced by fixed ranges, and the dashboard's template
 * variables by a regular expression that matches every value.
 */
final class GrafanaDashboard {

	/**
	 * What a template variable becomes: the variables are only used in {@code =~}
	 * matchers, where it matches every non-empty value, as the variables' "All" does.
	 */
	static final String ANY_VALUE = ".+";

	private static final Map<String, String> BUILT_INS = Map.of("$__rate_interval", "1m", "$__interval", "15s",
			"$__range", "5m");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");

	private final DocumentContext json;

	private GrafanaDashboard(DocumentContext json) {
		this.json = json;
	}

	/**
	 * Reads a dashboard.
	 * @param file its JSON file
	 * @return the dashboard
	 * @throws IOException when it cannot be read
	 */
	static GrafanaDashboard read(Path file) throws IOException {
		return new GrafanaDashboard(JsonPath.parse(Files.readString(file)));
	}

	/**
	 * Reads a part of the dashboard.
	 * @param <T> what the path selects
	 * @param path a JsonPath expression
	 * @return the selected part
	 */
	<T> T read(String path) {
		return this.json.read(path);
	}

	/**
	 * The panels, those in rows included.
	 * @return each panel's JSON
	 */
	List<Map<String, Object>> panels() {
		return read("$..panels[?(@.type != 'row')]");
	}

	/**
	 * The PromQL expression of every panel's every query, as the dashboard has it.
	 * @return the expressions
	 */
	List<String> panelExpressions() {
		return read("$..targets[*].expr");
	}

	/**
	 * The queries of the template variables of type {@code query}, as the dashboard has
	 * them.
	 * @return each variable's name and query
	 */
	List<Map<String, Object>> queryVariables() {
		return read("$.templating.list[?(@.type == 'query')]");
	}

	/**
	 * An expression as Prometheus can run it: Grafana's interval variables replaced by
	 * fixed ranges, template variables by {@link #ANY_VALUE}.
	 * @param expression the dashboard's expression
	 * @return the expression to run
	 */
	static String runnable(String expression) {
		String runnable = expression;
		for (Map.Entry<String, String> builtIn : BUILT_INS.entrySet()) {
			runnable = runnable.replace(builtIn.getKey(), builtIn.getValue());
		}
		return VARIABLE.matcher(runnable).replaceAll(Matcher.quoteReplacement(ANY_VALUE));
	}

	/**
	 * A variable's {@code label_values(selector, label)} query, as the label and a
	 * runnable selector.
	 * @param query the variable's query
	 * @return the label and the selector
	 */
	static LabelValues labelValues(String query) {
		Matcher matcher = LABEL_VALUES.matcher(query.trim());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not a label_values(selector, label) query: " + query);
		}
		return new LabelValues(matcher.group(2), runnable(matcher.group(1)));
	}

	/**
	 * A {@code label_values} query.
	 *
	 * @param label the label whose values it lists
	 * @param selector the series it lists them from
	 */
	record LabelValues(String label, String selector) {

	}

}
