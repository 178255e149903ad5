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

import io.github.observablemetrics.internal.declare.CallbackDeclaration;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What one callback did last.
 *
 * @param declaration the declaration
 * @param invocations how many times it ran
 * @param lastRun when it last returned, or {@code null} if it never ran
 * @param lastDuration how long its last run took
 * @param lastSeries how many series its last successful run reported
 * @param lastError why its last run failed, or {@code null} if it succeeded
 * @param running whether a thread is inside the method, or its future is awaited
 * @param up whether its last run succeeded, or {@code null} if it has neither completed a
 * run nor timed out yet
 * @param runningSince when the thread inside the method entered it, or {@code null}
 * @param heldFor how long a timed-out run has held its thread, or {@code null}
 * @param disabled what disables every metric of the callback, or {@code null}
 */
public record CallbackState(CallbackDeclaration declaration, long invocations, @Nullable Instant lastRun,
		@Nullable Duration lastDuration, int lastSeries, @Nullable String lastError, boolean running,
		@Nullable Boolean up, @Nullable Instant runningSince, @Nullable Duration heldFor, @Nullable String disabled) {

}
