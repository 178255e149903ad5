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
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A description of one {@link ObservableMetric} callback: the annotated method, the
 * metrics it feeds, and what it did last. It names the bean and never holds it.
 *
 * @param id the identifier, {@code beanName.methodName}, the {@code callback} tag of the
 * starter's own metrics
 * @param bean the name of the bean
 * @param beanType the fully qualified name of the bean's class (the target class of a
 * proxy)
 * @param method the annotated method, such as
 * {@code com.example.Inventory.report(MetricObserver)}
 * @param metrics the metrics the method feeds, in declaration order
 * @param invocations how many times it ran
 * @param lastRun when its last run returned, or {@code null} if it never ran
 * @param lastDuration how long its last run took, or {@code null} if it never ran
 * @param lastSeries how many series its last run reported
 * @param lastError why its last run failed or timed out, or {@code null} if it succeeded
 * or never ran
 * @param running whether it is running now: a thread is inside the method (also after its
 * run timed out), or the future it returned is awaited
 * @param up whether its last run succeeded, or {@code null} until it first ran or timed
 * out
 * @param runningSince when the thread inside the method entered it, or {@code null} when
 * none is
 * @param heldFor how long a run that timed out has held its thread so far, or
 * {@code null} when no timed-out run holds one: a slow database returns, a stuck one
 * holds on
 * @author The Observable Metrics team
 * @since 0.1.0
 */
public record ObservableMetricCallback(String id, String bean, String beanType, String method, List<Metric> metrics,
		long invocations, @Nullable Instant lastRun, @Nullable Duration lastDuration, int lastSeries,
		@Nullable Failure lastError, boolean running, @Nullable Boolean up, @Nullable Instant runningSince,
		@Nullable Duration heldFor, @Nullable String disabled) {

	/**
	 * Creates a description of a callback that no thread runs now.
	 * @param id the identifier
	 * @param bean the name of the bean
	 * @param beanType the bean's class
	 * @param method the annotated method
	 * @param metrics the metrics the method feeds
	 * @param invocations how many times it ran
	 * @param lastRun when its last run returned
	 * @param lastDuration how long its last run took
	 * @param lastSeries how many series its last run reported
	 * @param lastError why its last run failed
	 * @param running whether it is running now
	 * @param up whether its last run succeeded
	 * @deprecated since 0.2.0 in favour of the canonical constructor, which says since
	 * when it runs
	 */
	@Deprecated(since = "0.2.0")
	public ObservableMetricCallback(String id, String bean, String beanType, String method, List<Metric> metrics,
			long invocations, @Nullable Instant lastRun, @Nullable Duration lastDuration, int lastSeries,
			@Nullable Failure lastError, boolean running, @Nullable Boolean up) {
		this(id, bean, beanType, method, metrics, invocations, lastRun, lastDuration, lastSeries, lastError, running,
				up, null, null, null);
	}

	/**
	 * The same description without the message of its last error, which may carry details
	 * that only authorized users should see.
	 * @return the description, with the error's type and without its message
	 */
	public ObservableMetricCallback withoutErrorMessage() {
		if (this.lastError == null || this.lastError.message() == null) {
			return this;
		}
		return new ObservableMetricCallback(this.id, this.bean, this.beanType, this.method, this.metrics,
				this.invocations, this.lastRun, this.lastDuration, this.lastSeries,
				new Failure(this.lastError.type(), null), this.running, this.up, this.runningSince, this.heldFor,
				this.disabled);
	}

	/**
	 * One metric a callback feeds, as declared.
	 *
	 * @param name the Micrometer metric name
	 * @param type the metric type
	 * @param unit the base unit ({@code seconds} for a method returning a
	 * {@link Duration}), or {@code null} for none
	 * @param description the description, or {@code null} for none
	 * @param tags the constant tags, in declaration order
	 * @since 0.1.0
	 */
	public record Metric(String name, ObservableMetric.Type type, @Nullable String unit, @Nullable String description,
			Map<String, String> tags) {

	}

	/**
	 * Why a callback's last run failed.
	 *
	 * @param type the fully qualified class name of the exception the callback threw, or
	 * {@code timeout} when it did not return (or could not start) within its timeout
	 * @param message the exception's message, or what the timeout was; {@code null} when
	 * there is none or when it is not shown
	 * @since 0.1.0
	 */
	public record Failure(String type, @Nullable String message) {

		/**
		 * The {@link #type() type} of a run that did not return within its timeout.
		 */
		public static final String TIMEOUT = "timeout";

	}

}
