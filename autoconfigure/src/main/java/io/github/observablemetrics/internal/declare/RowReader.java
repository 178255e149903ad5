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

import java.util.function.Consumer;

import io.github.observablemetrics.MetricObserver;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a method that returns its rows returned: each row, a series of each metric.
 * Resolved once, at start-up, from the method's row type.
 */
public interface RowReader {

	/**
	 * Observes the rows a method returned.
	 * @param returned the collection, iterable, stream or map the method returned, or
	 * {@code null} for none
	 * @param observer the run's observer
	 * @param invalid told of each row dropped as invalid
	 */
	void report(@Nullable Object returned, MetricObserver observer, Consumer<String> invalid);

	/**
	 * Whether the method returns a publisher of rows, every element of which is a row.
	 * @return whether it does
	 */
	boolean published();

}
