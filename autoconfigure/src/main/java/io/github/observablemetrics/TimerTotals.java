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
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What a {@link ObservableMetric.Type#TIMER TIMER} callback reports: how many events it
 * has seen so far, and their total time, both cumulative, as a cache keeps its load count
 * and total load time, an executor its completed tasks and busy time, or the JVM's
 * {@code GarbageCollectorMXBean} its collection count and time. Exported through
 * Micrometer's {@code FunctionTimer}: in Prometheus a summary with {@code _count} and
 * {@code _sum} in seconds, from which {@code rate(..._sum[5m]) / rate(..._count[5m])}
 * gives the mean time of an event.
 *
 * @param count how many events so far, at least zero
 * @param totalTime their total time so far, not negative
 * @author The Observable Metrics team
 * @since 0.1.0
 */
public record TimerTotals(long count, Duration totalTime) {

	/**
	 * Creates the totals of a timer.
	 * @param count how many events so far
	 * @param totalTime their total time so far
	 */
	public TimerTotals {
		Objects.requireNonNull(totalTime, "totalTime must not be null");
	}

	/**
	 * The totals of a timer whose total time is counted in a unit, such as the
	 * milliseconds of {@code GarbageCollectorMXBean.getCollectionTime()}.
	 * @param count how many events so far
	 * @param totalTime their total time so far
	 * @param unit the unit of {@code totalTime}
	 * @return the totals
	 */
	public static TimerTotals of(long count, long totalTime, TimeUnit unit) {
		return new TimerTotals(count, Duration.ofNanos(unit.toNanos(totalTime)));
	}

}
