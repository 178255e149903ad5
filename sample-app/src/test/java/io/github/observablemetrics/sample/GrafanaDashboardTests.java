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
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard's JSON
 * ({@code observability/grafana/observable-metrics-dashboard.json}) against Grafana's
 * dashboard schema as far as an import needs it, and against the starter's self-metrics.
 * {@code PrometheusServerIT} runs its queries against a real Prometheus.
 */
class GrafanaDashboardTests {

	private GrafanaDashboard dashboard;

	@BeforeEach
	void read() throws IOException {
		this.dashboard = GrafanaDashboard.read(Observability.dashboard());
	}

	@Test
	void theDashboardIsOfACurrentSchemaVersionWithAUidAndATitle() {
		assertThat((Integer) this.dashboard.read("$.schemaVersion")).isGreaterThanOrEqualTo(39);
		assertThat((String) this.dashboard.read("$.uid")).isEqualTo("observable-metrics");
		assertThat((String) this.dashboard.read("$.title")).isNotBlank();
		assertThat((Object) this.dashboard.read("$.id")).isNull();
	}

	@Test
	void thePrometheusDataSourceIsATemplateVariableThatEveryPanelAndQueryUses() {
		List<Map<String, Object>> variables = this.dashboard.read("$.templating.list[?(@.name == 'DS_PROMETHEUS')]");
		assertThat(variables).singleElement().satisfies((variable) -> {
			assertThat(variable).containsEntry("type", "datasource").containsEntry("query", "prometheus");
		});
		List<Map<String, Object>> dataSources = this.dashboard.read("$..datasource");
		assertThat(dataSources).isNotEmpty()
			.filteredOn((dataSource) -> !"grafana".equals(dataSource.get("type")))
			.allSatisfy((dataSource) -> assertThat(dataSource).containsEntry("type", "prometheus")
				.containsEntry("uid", "${DS_PROMETHEUS}"));
		assertThat(this.dashboard.panels()).allSatisfy((panel) -> assertThat(panel).containsKey("datasource"));
	}

	@Test
	void jobInstanceAndCallbackAreQueryVariablesWithAnAllValue() {
		assertThat(this.dashboard.queryVariables()).extracting((variable) -> variable.get("name"))
			.containsExactly("job", "instance", "callback");
		assertThat(this.dashboard.queryVariables()).allSatisfy((variable) -> {
			assertThat(variable).containsEntry("includeAll", true).containsEntry("multi", true);
			GrafanaDashboard.labelValues((String) variable.get("definition"));
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void thePanelsAreTimeSeriesAndStatsWithUniqueIdsAndAPlaceOnTheGrid() {
		List<Map<String, Object>> panels = this.dashboard.panels();
		assertThat(panels).extracting((panel) -> panel.get("type")).containsOnly("timeseries", "stat");
		assertThat(panels).extracting((panel) -> panel.get("id")).doesNotHaveDuplicates();
		assertThat(panels).allSatisfy((panel) -> {
			assertThat((Map<String, Object>) panel.get("gridPos")).containsKeys("h", "w", "x", "y");
			assertThat(panel.get("title")).asString().isNotBlank();
			assertThat((List<?>) panel.get("targets")).isNotEmpty();
		});
	}

	@Test
	void thePanelsShowEverySelfMetric() {
		String queries = String.join("\n", this.dashboard.panelExpressions());
		assertThat(queries).contains("observable_metrics_callback_up", "observable_metrics_callback_duration_seconds",
				"observable_metrics_callback_errors_total", "observable_metrics_series_dropped_total",
				"observable_metrics_series_folded_total", "observable_metrics_scrape_wait_seconds",
				"observable_metrics_callback_timeout_seconds",
				"job_instance:observable_metrics_scrape_wait_seconds_max:ratio_timeout");
	}

	@Test
	void everyQueryRunsWithoutGrafanaOnceItsVariablesAreReplaced() {
		assertThat(this.dashboard.panelExpressions()).isNotEmpty()
			.allSatisfy((expression) -> assertThat(GrafanaDashboard.runnable(expression)).doesNotContain("$"));
		assertThat(GrafanaDashboard.runnable("rate(x{job=~\"$job\", callback=~\"${callback}\"}[$__rate_interval])"))
			.isEqualTo("rate(x{job=~\".+\", callback=~\".+\"}[1m])");
	}

}
