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

import java.util.Collection;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The rules a tag key follows, in one place: the constant tags of a declaration are
 * checked against them at start-up, and the tags of an observation at run time.
 */
public final class TagRules {

	/**
	 * What a tag key looks like; keys starting with two underscores are reserved by
	 * Prometheus.
	 */
	public static final Pattern TAG_KEY = Pattern.compile("(?!__)[a-zA-Z_][a-zA-Z0-9_]*([.-][a-zA-Z0-9_]+)*");

	/**
	 * The key of the tag that marks the series into which the label sets beyond the
	 * cardinality limit fold, as the OpenTelemetry SDK names it: no callback may use it.
	 */
	public static final String OVERFLOW_TAG = "otel.metric.overflow";

	private TagRules() {
	}

	/**
	 * Checks one tag key.
	 * @param key the key
	 * @param constantKeys the keys of the metric's constant tags, which an observation
	 * may not repeat
	 * @return what is wrong with the key, as a clause that follows "which" ("is not a
	 * valid tag key"), or {@code null}
	 */
	public static @Nullable String checkKey(String key, Collection<String> constantKeys) {
		if (!TAG_KEY.matcher(key).matches()) {
			return "is not a valid tag key";
		}
		if (constantKeys.contains(key)) {
			return "is a constant tag of the metric";
		}
		if (key.equals(OVERFLOW_TAG)) {
			return "marks the series that label sets beyond the cardinality limit fold into";
		}
		return null;
	}

}
