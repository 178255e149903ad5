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

package io.github.observablemetrics.internal.declare;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.github.observablemetrics.ObservableMetric;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

/**
 * One metric as an {@link ObservableMetric} annotation declares it, checked and with its
 * placeholders resolved.
 *
 * @param name the Micrometer metric name
 * @param type the meter type
 * @param description the description, or {@code null} for none
 * @param unit the base unit, or {@code null} for none
 * @param constantTags the constant tags, in declaration order
 * @param timeGauge whether the callback returns {@link java.time.Duration}s, exported in
 * seconds
 * @param rowColumns which components of the rows the method returns the metric reads, or
 * {@code null} where the annotation names none
 */
public record MetricDeclaration(String name, ObservableMetric.Type type, @Nullable String description,
		@Nullable String unit, List<Tag> constantTags, boolean timeGauge, @Nullable RowColumns rowColumns) {

	/**
	 * Declares a metric whose annotation names no row components.
	 * @param name the Micrometer metric name
	 * @param type the meter type
	 * @param description the description, or {@code null} for none
	 * @param unit the base unit, or {@code null} for none
	 * @param constantTags the constant tags, in declaration order
	 * @param timeGauge whether the callback returns {@link java.time.Duration}s
	 */
	public MetricDeclaration(String name, ObservableMetric.Type type, @Nullable String description,
			@Nullable String unit, List<Tag> constantTags, boolean timeGauge) {
		this(name, type, description, unit, constantTags, timeGauge, null);
	}

	/**
	 * The same metric, reading the row components its annotation names.
	 * @param annotation the annotation that declares the metric
	 * @return the metric with its row columns, or this one where the annotation names
	 * none
	 */
	public MetricDeclaration withRowColumns(ObservableMetric annotation) {
		RowColumns columns = RowColumns.of(annotation);
		return (columns != null) ? new MetricDeclaration(this.name, this.type, this.description, this.unit,
				this.constantTags, this.timeGauge, columns) : this;
	}

	/**
	 * The constant tags as Micrometer {@link Tags}.
	 * @return the constant tags
	 */
	public Tags tags() {
		return Tags.of(this.constantTags);
	}

	/**
	 * The keys of the constant tags.
	 * @return the constant tag keys
	 */
	public List<String> constantTagKeys() {
		return this.constantTags.stream().map(Tag::getKey).toList();
	}

	/**
	 * The row components an annotation names for a method that returns rows:
	 * {@link ObservableMetric#value()}, {@link ObservableMetric#labels()} and
	 * {@link ObservableMetric#tagKey()}.
	 *
	 * @param value the component holding the value, or {@code null} for the row's only
	 * number
	 * @param labels the components exported as tags, or empty for every component that is
	 * not a number
	 * @param tagKey the tag key of a map's keys, or {@code null}
	 */
	public record RowColumns(@Nullable String value, List<String> labels, @Nullable String tagKey) {

		/**
		 * The row components an annotation names.
		 * @param annotation the annotation
		 * @return its row components, or {@code null} where it names none
		 */
		public static @Nullable RowColumns of(ObservableMetric annotation) {
			if (annotation.value().isEmpty() && annotation.labels().length == 0 && annotation.tagKey().isEmpty()) {
				return null;
			}
			return new RowColumns(annotation.value().isEmpty() ? null : annotation.value(),
					List.of(annotation.labels()), annotation.tagKey().isEmpty() ? null : annotation.tagKey());
		}

		/**
		 * Which attributes are set, for messages: {@code value = "active"}, ...
		 * @return the attributes as written in the annotation
		 */
		public String describe() {
			List<String> attributes = new ArrayList<>();
			if (this.value != null) {
				attributes.add("value = \"" + this.value + "\"");
			}
			if (!this.labels.isEmpty()) {
				attributes.add("labels = {"
						+ this.labels.stream().map((label) -> "\"" + label + "\"").collect(Collectors.joining(", "))
						+ "}");
			}
			if (this.tagKey != null) {
				attributes.add("tagKey = \"" + this.tagKey + "\"");
			}
			return String.join(", ", attributes);
		}

	}

	/**
	 * The type of the meters the metric becomes.
	 * @return the meter type
	 */
	public Meter.Type meterType() {
		return switch (this.type) {
			case COUNTER -> Meter.Type.COUNTER;
			case TIMER -> Meter.Type.TIMER;
			default -> Meter.Type.GAUGE;
		};
	}

}
