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

/**
 * Declarative callback metrics for Spring beans: {@link ObservableMetric} and
 * {@link MetricObserver}; the {@link InvalidObservableMetricException} that stops
 * start-up on a wrong declaration; and {@link ObservableMetricCallbackHolder} with the
 * {@link ObservableMetricCallback} descriptions that the actuator endpoint shows and that
 * applications can build on.
 */
@NullMarked
package io.github.observablemetrics;

import org.jspecify.annotations.NullMarked;
