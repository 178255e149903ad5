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

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.observablemetrics.internal.discover.ObservableMetricReflectiveProcessor;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Declares that a method of a Spring bean computes the value of a metric. The method is
 * called only when a registry reads the metric, above all when Prometheus scrapes
 * {@code /actuator/prometheus}, and at most once per read however many series it reports.
 * <p>
 * Four method shapes are supported:
 * <ol>
 * <li>no parameters, returning a number (any primitive number, its wrapper, any
 * {@link Number}), a {@code boolean} (1 or 0) or a {@link java.time.Duration} (a time
 * gauge in seconds): one series with the constant {@link #tags() tags}; {@code null}
 * means no value now;</li>
 * <li>one {@link MetricObserver} parameter, returning {@code void}: any number of series
 * of one metric, each observation's tags added to the constant tags;</li>
 * <li>one {@link MetricObserver} parameter, returning {@code void}, with several
 * {@code @ObservableMetric} annotations: one callback feeding several metrics;</li>
 * <li>no parameters, returning its rows: a {@link java.util.Collection}, {@link Iterable}
 * or {@link java.util.stream.Stream} of rows, each row a series. A row is a record, a
 * class with getters or an interface of getters (such as a Spring Data projection); its
 * {@link #value() value} component is the value, its other components of type
 * {@code String}, {@code enum}, {@code boolean} or {@code Character} are its tags, named
 * after them. A {@link java.util.Map} of numbers is a row per entry, the key exported
 * under {@link #tagKey()}. One method feeds several metrics with one annotation each,
 * naming a different {@code value}.</li>
 * </ol>
 * <p>
 * For example, one query feeding two metrics, a series per pool each: <pre class="code">
 * record PoolRow(String pool, int active, int idle) {}
 *
 * &#064;ObservableMetric(name = "pool.active", value = "active")
 * &#064;ObservableMetric(name = "pool.idle", value = "idle")
 * List&lt;PoolRow&gt; pools() { ... }
 *
 * &#064;ObservableMetric(name = "jobs", tagKey = "queue")
 * Map&lt;String, Long&gt; jobsByQueue() { ... }
 * </pre>
 * <p>
 * Rows may also come later, in a {@code CompletionStage} or a Reactor {@code Mono} of
 * them, or one by one from a Reactor {@code Flux}.
 * <p>
 * Ahead-of-time processing registers annotated methods for reflection, so that they work
 * in native images too.
 *
 * @author The Observable Metrics team
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(ObservableMetricReflectiveProcessor.class)
@Repeatable(ObservableMetrics.class)
public @interface ObservableMetric {

	/**
	 * The metric name in Micrometer's dot notation, such as {@code orders.queue.size},
	 * taken literally. The registry's naming convention derives the exported name
	 * ({@code orders_queue_size} in Prometheus).
	 * @return the metric name
	 */
	String name();

	/**
	 * The kind of meter the values feed.
	 * @return the meter type
	 */
	Type type() default Type.GAUGE;

	/**
	 * The description, exported as the Prometheus HELP text.
	 * @return the description, or an empty string for none
	 */
	String description() default "";

	/**
	 * The base unit, such as {@code bytes} or {@code seconds}.
	 * @return the base unit, or an empty string for none
	 */
	String unit() default "";

	/**
	 * Constant tags in the form {@code key=value}, added to every series of the metric.
	 * {@code ${...}} placeholders are resolved from the Spring {@code Environment}.
	 * @return the constant tags
	 */
	String[] tags() default {};

	/**
	 * For a method that returns rows, the component of each row that holds the value: the
	 * name of a record component, or of the property a getter reads ({@code getActive()}
	 * is {@code active}). It may be left out where a row has one numeric component.
	 * Several metrics of one method may name the same component.
	 * <p>
	 * Named {@code value} after what it selects, the metric's value, as a row component
	 * holds it; Spring names the element an annotation is about {@code value} too.
	 * @return the value component, or an empty string for the row's only number
	 * @since 0.2.0
	 */
	String value() default "";

	/**
	 * For a method that returns rows, the components of each row exported as its tags,
	 * each under its own name and added to the constant {@link #tags() tags}. By default
	 * every component that is not a number: a {@code String}, an {@code enum} (its
	 * {@code name()}), a {@code boolean} or a {@code Character}. Listing them leaves the
	 * others out, and a numeric component listed here is a tag rather than a value, such
	 * as a year or an HTTP status code.
	 * <p>
	 * Named {@code labels}, the Prometheus word for the keys of a series, because
	 * {@code tags} already holds the constant tags.
	 * @return the tag components, or none for every component that is not a number
	 * @since 0.2.0
	 */
	String[] labels() default {};

	/**
	 * For a method that returns a {@link java.util.Map} of numbers, the tag key under
	 * which each map key is exported: {@code tagKey = "queue"} exports the entry
	 * {@code "mail" -> 3} as the series {@code queue="mail"} of value 3. Required for a
	 * map, and only for a map.
	 * <p>
	 * Named after Micrometer's {@code Tag.getKey()}: it is the key of a tag, whose value
	 * each map key is.
	 * @return the tag key of the map keys, or an empty string
	 * @since 0.2.0
	 */
	String tagKey() default "";

	/**
	 * The kinds of meter a callback can feed.
	 */
	enum Type {

		/**
		 * A value that goes up and down, read as it is now: exported as a gauge.
		 */
		GAUGE,

		/**
		 * A monotonically increasing cumulative total, as an OpenTelemetry observable
		 * counter or a Micrometer {@code FunctionCounter}: exported as a counter
		 * ({@code _total} in Prometheus). The callback returns the total, not the
		 * increment.
		 */
		COUNTER,

		/**
		 * A cumulative sum that can go down, such as items in a queue: exported as a
		 * gauge.
		 */
		UP_DOWN_COUNTER,

		/**
		 * A cumulative count of events and their total time, as a Micrometer
		 * {@code FunctionTimer}: exported as a summary ({@code _count} and {@code _sum}
		 * in seconds in Prometheus). The method returns {@link TimerTotals}, or reports
		 * them through
		 * {@link MetricObserver#observe(long, java.time.Duration, String...)}. Count and
		 * total follow the rules of a {@link #COUNTER}.
		 * @since 0.1.0
		 */
		TIMER

	}

}
