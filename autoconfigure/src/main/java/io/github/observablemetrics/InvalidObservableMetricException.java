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
import java.util.stream.Collectors;

/**
 * Thrown when {@link ObservableMetric} declarations are wrong. It carries every problem
 * found, each with where it is and how to fix it, and stops the application context from
 * starting; a failure analyzer turns it into the "APPLICATION FAILED TO START" report.
 * Tests can catch it as the cause of a failed start-up and read its {@link #getProblems()
 * problems}.
 *
 * @author The Observable Metrics team
 * @since 0.1.0
 */
public class InvalidObservableMetricException extends RuntimeException {

	private final List<Problem> problems;

	/**
	 * Creates an exception for the given problems.
	 * @param problems what is wrong, at least one
	 */
	public InvalidObservableMetricException(List<Problem> problems) {
		super(message(problems));
		this.problems = List.copyOf(problems);
	}

	/**
	 * Every problem found.
	 * @return the problems
	 */
	public List<Problem> getProblems() {
		return this.problems;
	}

	private static String message(List<Problem> problems) {
		return problems.stream()
			.map((problem) -> problem.where() + ": " + problem.what() + " " + problem.action())
			.collect(Collectors.joining(System.lineSeparator(), "Invalid @ObservableMetric declaration"
					+ ((problems.size() == 1) ? "" : "s") + ":" + System.lineSeparator(), ""));
	}

	/**
	 * One wrong declaration.
	 *
	 * @since 0.1.0
	 * @param where the method, annotation or property that is wrong
	 * @param what what is wrong with it
	 * @param action how to fix it
	 */
	public record Problem(String where, String what, String action) {

	}

}
