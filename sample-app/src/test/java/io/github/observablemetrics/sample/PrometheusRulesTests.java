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
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.observablemetrics.test.ExternalTool;
import io.github.observablemetrics.test.Promtool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus rules for the starter's self-metrics
 * ({@code observability/prometheus/observable-metrics.rules.yml}), judged by
 * {@code promtool}: they must check clean, their unit tests must pass, and those unit
 * tests must show every alert both firing and silent and every recording rule's result.
 */
class PrometheusRulesTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private ExternalTool promtool;

	@BeforeEach
	void requirePromtool() {
		this.promtool = ExternalTool.require("promtool", Promtool.INSTALL_HINT);
	}

	@Test
	void theRulesCheckCleanWithPromtool() throws Exception {
		ExternalTool.Result check = this.promtool.run(TIMEOUT, null, "check", "rules",
				Observability.rules().toString());
		assertThat(check.exitCode()).as(check.output()).isZero();
		int rules = alerts().size() + recordingRules().size();
		assertThat(check.output()).contains("SUCCESS: " + rules + " rules found");
	}

	@Test
	void theRulesPassTheirUnitTests() throws Exception {
		ExternalTool.Result test = this.promtool.run(TIMEOUT, null, "test", "rules",
				Observability.rulesTests().toString());
		assertThat(test.exitCode()).as(test.output()).isZero();
		assertThat(test.output()).contains("SUCCESS");
	}

	@Test
	@SuppressWarnings("unchecked")
	void theUnitTestsShowEveryAlertFiringAndSilent() throws IOException {
		List<Map<String, Object>> alertTests = new ArrayList<>();
		for (Map<String, Object> test : list(read(Observability.rulesTests()).get("tests"))) {
			alertTests.addAll(list(test.get("alert_rule_test")));
		}
		assertThat(alerts()).isNotEmpty().allSatisfy((alert) -> {
			List<Map<String, Object>> evaluations = alertTests.stream()
				.filter((evaluation) -> alert.equals(evaluation.get("alertname")))
				.toList();
			assertThat(evaluations).as("evaluations of %s that expect it firing", alert)
				.anySatisfy((evaluation) -> assertThat(list(evaluation.get("exp_alerts"))).isNotEmpty());
			assertThat(evaluations).as("evaluations of %s that expect it silent", alert)
				.anySatisfy((evaluation) -> assertThat(list(evaluation.get("exp_alerts"))).isEmpty());
			assertThat(evaluations).as("annotations expected of %s", alert)
				.flatMap((evaluation) -> list(evaluation.get("exp_alerts")))
				.allSatisfy((expected) -> assertThat((Map<String, Object>) expected.get("exp_annotations"))
					.containsKeys("summary", "description"));
		});
	}

	@Test
	void theUnitTestsCheckEveryRecordingRulesResult() throws IOException {
		List<Object> tested = new ArrayList<>();
		for (Map<String, Object> test : list(read(Observability.rulesTests()).get("tests"))) {
			list(test.get("promql_expr_test")).forEach((expression) -> tested.add(expression.get("expr")));
		}
		assertThat(recordingRules()).isNotEmpty();
		assertThat(tested).containsAll(recordingRules());
	}

	private static List<String> alerts() throws IOException {
		return rules().stream()
			.filter((rule) -> rule.containsKey("alert"))
			.map((rule) -> (String) rule.get("alert"))
			.toList();
	}

	private static List<String> recordingRules() throws IOException {
		return rules().stream()
			.filter((rule) -> rule.containsKey("record"))
			.map((rule) -> (String) rule.get("record"))
			.toList();
	}

	private static List<Map<String, Object>> rules() throws IOException {
		List<Map<String, Object>> rules = new ArrayList<>();
		for (Map<String, Object> group : list(read(Observability.rules()).get("groups"))) {
			rules.addAll(list(group.get("rules")));
		}
		return rules;
	}

	private static Map<String, Object> read(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file)) {
			return new Yaml().load(reader);
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		return (value != null) ? (List<Map<String, Object>>) value : List.of();
	}

}
