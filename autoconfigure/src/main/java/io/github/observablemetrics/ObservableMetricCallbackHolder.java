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

import java.util.List;

/**
 * Something that holds {@link ObservableMetric} callbacks and can describe them, as
 * Spring's {@code ScheduledTaskHolder} does for scheduled tasks: the
 * {@code observablemetrics} actuator endpoint shows the callbacks of every holder in the
 * application context. The starter registers one holder per application context; an
 * application may add its own.
 *
 * @author The Observable Metrics team
 * @since 0.1.0
 */
@FunctionalInterface
public interface ObservableMetricCallbackHolder {

	/**
	 * Describes every callback this holder holds, in registration order. Describing runs
	 * no callback.
	 * @return one description per callback
	 */
	List<ObservableMetricCallback> getObservableMetricCallbacks();

}
