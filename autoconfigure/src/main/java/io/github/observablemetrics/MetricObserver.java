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

package io.github.observablemetrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Tag;
import org.jspecify.annotations.Nullable;

/**
 * Receives the series an {@link ObservableMetric} callback reports during one read. A
 * series is identified by its tags; those observed during a read are exactly the series
 * the read exports, so a tag combination no longer observed disappears.
 * <p>
 * An observer is valid only while its callback runs. Bad observations (an undeclared
 * metric, an odd number of tag strings, tag keys that differ from the metric's other
 * series, a counter value that is not finite or goes down) are dropped, counted and
 * logged; they never fail the read.
 *
 * @author The Observable Metrics team
 * @since 0.1.0
 */
public interface MetricObserver {

	/**
	 * Observes one series of the only metric the callback declares.
	 * @param value the value
	 * @param tagKeyValues tag keys and values, alternating:
	 * {@code "method", "GET", "code", "200"}
	 */
	void observe(double value, String... tagKeyValues);

	/**
	 * Observes one series of one of the metrics the callback declares.
	 * @param metricName the declared {@link ObservableMetric#name() name} of the metric
	 * @param value the value
	 * @param tagKeyValues tag keys and values, alternating
	 */
	void observe(String metricName, double value, String... tagKeyValues);

	/**
	 * Observes one series of the only metric the callback declares, a
	 * {@link ObservableMetric.Type#TIMER TIMER}: how many events so far and their total
	 * time.
	 * @param count how many events so far
	 * @param totalTime their total time so far
	 * @param tagKeyValues tag keys and values, alternating
	 * @since 0.1.0
	 */
	default void observe(long count, Duration totalTime, String... tagKeyValues) {
		throw new UnsupportedOperationException(getClass().getName() + " does not take timers");
	}

	/**
	 * Observes one series of one of the {@link ObservableMetric.Type#TIMER TIMER} metrics
	 * the callback declares.
	 * @param metricName the declared {@link ObservableMetric#name() name} of the metric
	 * @param count how many events so far
	 * @param totalTime their total time so far
	 * @param tagKeyValues tag keys and values, alternating
	 * @since 0.1.0
	 */
	default void observe(String metricName, long count, Duration totalTime, String... tagKeyValues) {
		throw new UnsupportedOperationException(getClass().getName() + " does not take timers");
	}

	/**
	 * Observes one series of the only metric the callback declares.
	 * @param value the value
	 * @param tags the tags of the series
	 */
	default void observe(double value, Iterable<? extends Tag> tags) {
		observe(value, toKeyValues(tags));
	}

	/**
	 * Observes one series of one of the metrics the callback declares.
	 * @param metricName the declared {@link ObservableMetric#name() name} of the metric
	 * @param value the value
	 * @param tags the tags of the series
	 */
	default void observe(String metricName, double value, Iterable<? extends Tag> tags) {
		observe(metricName, value, toKeyValues(tags));
	}

	private static @Nullable String[] toKeyValues(Iterable<? extends @Nullable Tag> tags) {
		List<@Nullable String> keyValues = new ArrayList<>();
		for (Tag tag : tags) {
			// a null tag becomes a null key and value, which the observer drops and
			// counts
			keyValues.add((tag != null) ? tag.getKey() : null);
			keyValues.add((tag != null) ? tag.getValue() : null);
		}
		return keyValues.toArray(new String[0]);
	}

}
