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

package io.github.observablemetrics.internal.validate;

import io.github.observablemetrics.internal.validate.ObservableMetricFailureAnalyzer;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.github.observablemetrics.MetricObserver;
import io.github.observablemetrics.ObservableMetric;
import io.github.observablemetrics.ObservableMetric.Type;
import io.github.observablemetrics.test.BootAutoConfigurations;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A method returning rows that cannot become series stops start-up, and the failure
 * analysis names the method and the row type, says what is wrong and how to fix it.
 */
class RowDeclarationValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(BootAutoConfigurations.simple());

	@Test
	void rowsWithoutANumber() {
		assertFailure(NoNumber.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("NoNumber.names() of bean 'bean'")
				.contains("declares the metric 'names' of rows of "
						+ "io.github.observablemetrics.internal.validate.RowDeclarationValidationTests$NameRow")
				.contains("has no numeric component to take the value from; its components are first, last");
			assertThat(analysis.getAction()).contains("Add a number to the row");
		});
	}

	@Test
	void rowsWithSeveralNumbersAndNoValue() {
		assertFailure(SeveralNumbers.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("SeveralNumbers.pools()")
				.contains("RowDeclarationValidationTests$PoolRow")
				.contains("has the numeric components active, idle but the annotation names none of them in value");
			assertThat(analysis.getAction()).contains("value = \"active\"");
		});
	}

	@Test
	void aValueThatIsMissingOrNotANumber() {
		assertFailure(WrongValue.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains(
					"'pool.busy' of rows of io.github.observablemetrics.internal.validate.RowDeclarationValidationTests"
							+ "$PoolRow with value = \"busy\", which the row does not have; its components are pool, active,"
							+ " idle")
				.contains("with value = \"pool\", a component of type java.lang.String, which is not a number");
			assertThat(analysis.getAction()).contains("Name the component that holds the value")
				.contains("Name a numeric component in value");
		});
	}

	@Test
	void aComponentThatIsNeitherATagNorANumber() {
		assertFailure(UnsupportedComponents.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("UnsupportedComponents.dated()")
				.contains("whose component 'since' of type java.time.LocalDate is neither a tag")
				.contains("whose component 'aliases' of type java.util.List is neither a tag");
			assertThat(analysis.getAction())
				.contains("Name the components to export as tags in labels, which leaves 'since' out"
						+ " (labels = {\"pool\"}), or make it a String, an enum, a boolean, a Character or a number");
			assertThat(analysis.getDescription())
				.contains("is neither a tag (a String, an enum, a boolean, a Character) nor a number");
		});
	}

	@Test
	void labelsThatAreMissingOrCannotBeTags() {
		assertFailure(WrongLabels.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("with the label 'zone', which the row does not have")
				.contains("with the label 'since' of type java.time.LocalDate, which cannot be a tag")
				.contains("with the component 'active' both as its value and as a label");
			assertThat(analysis.getAction()).contains("add 'zone' to the row")
				.contains("leave it out of labels")
				.contains("Remove 'active' from labels");
		});
	}

	@Test
	void rawAndWildcardAndTypeVariableRows() {
		assertFailure(UntypedRows.class, (analysis) -> {
			assertThat(analysis.getDescription())
				.contains("UntypedRows.raw()", "returns java.util.List, a raw type, whose row type cannot be told")
				.contains("UntypedRows.rawMap()", "returns java.util.Map, a raw type, whose key type cannot be told")
				.contains("UntypedRows.wildcard()",
						"returns java.util.List<?>, whose row type cannot be told at start-up")
				.contains("UntypedRows.variable()", "returns java.util.List<T>, whose row type cannot be told");
			assertThat(analysis.getAction()).contains("Declare the row type: List<PoolRow>")
				.contains("Declare the key type: Map<String, Long>");
		});
	}

	@Test
	void rowsThatAreNumbersOrStrings() {
		assertFailure(PlainValues.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("PlainValues.totals()")
				.contains("returns java.util.List<java.lang.Long>, whose rows are java.lang.Long, not rows of a value"
						+ " and its tags");
			assertThat(analysis.getAction()).contains("Return rows of a record")
				.contains("or a Map<String, Long> with tagKey");
		});
	}

	@Test
	void aMapWhoseValuesAreNotNumbers() {
		assertFailure(MapOfStrings.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("MapOfStrings.owners()")
				.contains("returns java.util.Map<java.lang.String, java.lang.String>, whose values are not numbers");
			assertThat(analysis.getAction()).contains("Return a Map whose values are numbers");
		});
	}

	@Test
	void aMapWithoutATagKey() {
		assertFailure(MapWithoutTagKey.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("MapWithoutTagKey.jobs()")
				.contains("returns java.util.Map<java.lang.String, java.lang.Long>, but the metric 'jobs' names no"
						+ " tagKey to export the map's keys under");
			assertThat(analysis.getAction()).contains("@ObservableMetric(name = \"jobs\", tagKey = \"...\")");
		});
	}

	@Test
	void aTagKeyForRowsThatAreNoMap() {
		assertFailure(TagKeyOnList.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("TagKeyOnList.pools()")
				.contains("with tagKey = \"queue\", which names the tag of a Map's keys, but the method returns"
						+ " java.util.List<");
			assertThat(analysis.getAction()).contains("Remove tagKey: the tags of a row are its components");
		});
	}

	@Test
	void rowAttributesOnAMethodThatDoesNotReturnRows() {
		assertFailure(RowAttributesWithoutRows.class, (analysis) -> {
			assertThat(analysis.getDescription()).contains("@ObservableMetric(name = \"single\") on method")
				.contains("names value = \"active\", which say how returned rows become series, but the method returns"
						+ " a single value")
				.contains("@ObservableMetric(name = \"observed\") on method")
				.contains("names labels = {\"pool\"}, tagKey = \"queue\", which say how returned rows become series,"
						+ " but the method takes a MetricObserver");
			assertThat(analysis.getAction()).contains("Remove value = \"active\", or return the rows");
		});
	}

	@Test
	void tagKeysThatAreNotValidOrRepeatAConstantTag() {
		assertFailure(BadTagKeys.class, (analysis) -> {
			assertThat(analysis.getDescription())
				.contains("RowDeclarationValidationTests$ReservedRow, whose tag key '__pool', a component of the row,"
						+ " is not a valid tag key")
				.contains("'jobs' of the entries of a Map, whose tagKey = \"9queue\" is not a valid tag key")
				.contains("whose tag key 'pool', a component of the row, is a constant tag of the metric");
			assertThat(analysis.getAction()).contains("Rename the component, or leave it out with labels = {...}")
				.contains("Choose another tagKey")
				.contains("a tag key starts with a letter or an underscore");
		});
	}

	@Test
	void aRowsMethodWithParameters() {
		assertFailure(RowsWithParameters.class, (analysis) -> {
			assertThat(analysis.getDescription())
				.contains("RowsWithParameters.observed(MetricObserver)",
						"takes a MetricObserver and also returns the rows java.util.List<")
				.contains("RowsWithParameters.forRegion(String)", "has parameters it cannot be given at scrape time");
			assertThat(analysis.getAction()).contains("Drop the parameter and return the rows")
				.contains("Take no parameters and return the rows");
		});
	}

	@Test
	void aTimerOfRows() {
		assertFailure(TimerRows.class, (analysis) -> assertThat(analysis.getDescription())
			.contains("is a TIMER but the method returns java.util.List"));
	}

	@Test
	void severalMetricsOfTheSameValueComponentStart() {
		this.runner.withBean("bean", SameValueTwice.class).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void rowsOfEveryShapeStart() {
		this.runner.withBean("bean", ValidRows.class).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aFluxOfRowsStartsWhereAFluxOfNumbersIsRefused() {
		this.runner.withBean("bean", FluxOfRows.class).run((context) -> assertThat(context).hasNotFailed());
	}

	private void assertFailure(Class<?> beanClass, Consumer<FailureAnalysis> assertions) {
		this.runner.withBean("bean", beanClass).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			FailureAnalysis analysis = new ObservableMetricFailureAnalyzer().analyze(failure);
			assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
			assertions.accept(analysis);
		});
	}

	record PoolRow(String pool, int active, int idle) {
	}

	record NameRow(String first, String last) {
	}

	record DatedRow(String pool, LocalDate since, List<String> aliases, int active) {
	}

	record ReservedRow(String __pool, long size) {
	}

	enum Region {

		EU, US

	}

	record RegionRow(Region region, boolean primary, Character shard, long size) {
	}

	static class NoNumber {

		@ObservableMetric(name = "names")
		List<NameRow> names() {
			return List.of();
		}

	}

	static class SeveralNumbers {

		@ObservableMetric(name = "pools")
		List<PoolRow> pools() {
			return List.of();
		}

	}

	static class WrongValue {

		@ObservableMetric(name = "pool.busy", value = "busy")
		@ObservableMetric(name = "pool.name", value = "pool")
		List<PoolRow> pools() {
			return List.of();
		}

	}

	static class UnsupportedComponents {

		@ObservableMetric(name = "dated")
		List<DatedRow> dated() {
			return List.of();
		}

	}

	static class WrongLabels {

		@ObservableMetric(name = "zoned", labels = "zone")
		@ObservableMetric(name = "since", labels = { "pool", "since" })
		@ObservableMetric(name = "both", value = "active", labels = { "pool", "active" })
		List<DatedRow> dated() {
			return List.of();
		}

	}

	static class UntypedRows {

		@SuppressWarnings("rawtypes")
		@ObservableMetric(name = "raw")
		List raw() {
			return List.of();
		}

		@SuppressWarnings("rawtypes")
		@ObservableMetric(name = "raw.map", tagKey = "key")
		Map rawMap() {
			return Map.of();
		}

		@ObservableMetric(name = "wildcard")
		List<?> wildcard() {
			return List.of();
		}

		@ObservableMetric(name = "variable")
		<T> List<T> variable() {
			return List.of();
		}

	}

	static class PlainValues {

		@ObservableMetric(name = "totals")
		List<Long> totals() {
			return List.of();
		}

	}

	static class MapOfStrings {

		@ObservableMetric(name = "owners", tagKey = "team")
		Map<String, String> owners() {
			return Map.of();
		}

	}

	static class MapWithoutTagKey {

		@ObservableMetric(name = "jobs")
		Map<String, Long> jobs() {
			return Map.of();
		}

	}

	static class TagKeyOnList {

		@ObservableMetric(name = "pool.active", value = "active", tagKey = "queue")
		List<PoolRow> pools() {
			return List.of();
		}

	}

	static class RowAttributesWithoutRows {

		@ObservableMetric(name = "single", value = "active")
		long single() {
			return 1;
		}

		@ObservableMetric(name = "observed", labels = "pool", tagKey = "queue")
		void observed(MetricObserver observer) {
		}

	}

	static class BadTagKeys {

		@ObservableMetric(name = "reserved")
		List<ReservedRow> reserved() {
			return List.of();
		}

		@ObservableMetric(name = "jobs", tagKey = "9queue")
		Map<String, Long> jobs() {
			return Map.of();
		}

		@ObservableMetric(name = "pool.active", value = "active", tags = "pool=all")
		List<PoolRow> pools() {
			return List.of();
		}

	}

	static class RowsWithParameters {

		@ObservableMetric(name = "observed.rows", value = "active")
		List<PoolRow> observed(MetricObserver observer) {
			return List.of();
		}

		@ObservableMetric(name = "region.rows", value = "active")
		List<PoolRow> forRegion(String region) {
			return List.of();
		}

	}

	static class TimerRows {

		@ObservableMetric(name = "timer.rows", type = Type.TIMER, value = "active")
		List<PoolRow> pools() {
			return List.of();
		}

	}

	static class SameValueTwice {

		@ObservableMetric(name = "pool.active", value = "active")
		@ObservableMetric(name = "pool.active.total", type = Type.COUNTER, value = "active")
		List<PoolRow> pools() {
			return List.of();
		}

	}

	static class ValidRows {

		@ObservableMetric(name = "regions", tags = "env=test")
		List<RegionRow> regions() {
			return List.of();
		}

		@ObservableMetric(name = "jobs", tagKey = "queue")
		Map<String, Long> jobs() {
			return Map.of();
		}

		@ObservableMetric(name = "jobs.by.priority", tagKey = "priority")
		Map<Integer, Double> jobsByPriority() {
			return Map.of();
		}

		@ObservableMetric(name = "bounded", value = "active")
		List<? extends PoolRow> bounded() {
			return List.of();
		}

		@ObservableMetric(name = "dated.active", labels = "pool")
		List<DatedRow> dated() {
			return List.of();
		}

		@ObservableMetric(name = "later.pools", value = "idle")
		CompletableFuture<List<PoolRow>> later() {
			return CompletableFuture.completedFuture(List.of());
		}

		@ObservableMetric(name = "mono.jobs", tagKey = "queue")
		Mono<Map<String, Long>> monoJobs() {
			return Mono.just(Map.of());
		}

	}

	static class FluxOfRows {

		@ObservableMetric(name = "flux.pools", value = "active")
		Flux<PoolRow> pools() {
			return Flux.empty();
		}

	}

}
