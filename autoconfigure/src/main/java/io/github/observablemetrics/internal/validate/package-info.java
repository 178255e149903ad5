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
 * Every check of a declaration, at start-up, each failure carried to the FailureAnalyzer
 * with what is wrong, where, and how to fix it. Not an API: these types are public only
 * for the other internal packages, and change without notice.
 */
@NullMarked
package io.github.observablemetrics.internal.validate;

import org.jspecify.annotations.NullMarked;
