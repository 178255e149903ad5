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

package io.github.observablemetrics.internal.validate;

import java.util.stream.Collectors;

import io.github.observablemetrics.InvalidObservableMetricException;
import io.github.observablemetrics.InvalidObservableMetricException.Problem;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports wrong {@link io.github.observablemetrics.ObservableMetric} declarations when
 * they stop start-up: what is wrong and where in the description, how to fix each in the
 * action.
 */
public class ObservableMetricFailureAnalyzer extends AbstractFailureAnalyzer<InvalidObservableMetricException> {

	private static final String NEW_LINE = System.lineSeparator();

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidObservableMetricException cause) {
		int count = cause.getProblems().size();
		String description = cause.getProblems()
			.stream()
			.map((problem) -> "    - " + problem.where() + NEW_LINE + "      " + problem.what())
			.collect(Collectors
				.joining(NEW_LINE,
						((count == 1) ? "An @ObservableMetric declaration is"
								: count + " @ObservableMetric declarations are") + " invalid:" + NEW_LINE + NEW_LINE,
						""));
		String action = cause.getProblems()
			.stream()
			.map(ObservableMetricFailureAnalyzer::action)
			.collect(Collectors.joining(NEW_LINE,
					"Fix the declaration" + ((count == 1) ? "" : "s") + ":" + NEW_LINE + NEW_LINE, ""));
		return new FailureAnalysis(description, action, cause);
	}

	private static String action(Problem problem) {
		return "    - " + problem.where() + NEW_LINE + "      " + problem.action();
	}

}
