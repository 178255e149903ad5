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

import org.jspecify.annotations.Nullable;

/**
 * Where a meter's value comes from when a registry reads it: the result of the callback
 * that the read sees.
 */
interface ResultSource {

	/**
	 * The result a read of the callback's series sees: in a Prometheus scrape, the one
	 * result pinned for the whole scrape; outside one, the latest, after running the
	 * callback if it is stale.
	 * @return the result, or {@code null} for a single-value callback, whose one series
	 * holds its value itself
	 */
	@Nullable RunResult resultForRead();

}
