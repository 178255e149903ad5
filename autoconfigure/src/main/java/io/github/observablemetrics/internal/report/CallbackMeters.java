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

package io.github.observablemetrics.internal.report;

/**
 * Which callbacks have self-metrics of their own.
 */
public enum CallbackMeters {

	/**
	 * A callback gets an up and a duration gauge at its first failed or timed-out run,
	 * and keeps them.
	 */
	FAILED,

	/**
	 * Every callback has an up and a duration gauge.
	 */
	ALL,

	/**
	 * Every callback has an up and a duration gauge, a run timer and error counters.
	 */
	FULL

}
