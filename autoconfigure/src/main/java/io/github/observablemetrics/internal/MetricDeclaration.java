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

package io.github.observablemetrics.internal;

import java.util.List;

import io.github.observablemetrics.ObservableMetric;
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
 */
public record MetricDeclaration(String name, ObservableMetric.Type type, @Nullable String description,
		@Nullable String unit, List<Tag> constantTags, boolean timeGauge) {

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

}
