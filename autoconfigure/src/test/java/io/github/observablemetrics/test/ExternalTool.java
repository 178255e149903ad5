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

package io.github.observablemetrics.test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.fail;

/**
 * An executable found on the {@code PATH}, such as {@code promtool} or
 * {@code prometheus}, and the processes a test starts with it. A test that needs one
 * calls {@link #require}: where the executable is missing, the test is skipped with a
 * message, except under CI ({@code CI=true}), where it fails.
 * <p>
 * Every process started here is destroyed when its handle is closed and, should a test
 * run end before that, by a JVM shutdown hook.
 */
public final class ExternalTool {

	private final String name;

	private final Path executable;

	private ExternalTool(String name, Path executable) {
		this.name = name;
		this.executable = executable;
	}

	/**
	 * Finds an executable on the {@code PATH}, or ends the test: skipped where it is
	 * missing, failed where it is missing under CI ({@code CI=true}). Call it in each
	 * test (or {@code @BeforeEach}), not in {@code @BeforeAll}: a class aborted there is
	 * reported as having run no test, and the message is lost.
	 * @param name the name of the executable
	 * @param installHint how to install it, for the message
	 * @return the executable
	 */
	public static ExternalTool require(String name, String installHint) {
		Optional<ExternalTool> found = find(name);
		if (found.isPresent()) {
			return found.get();
		}
		String message = "'" + name + "' is not on the PATH (" + installHint + ")";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			return fail(message + ": under CI (CI=true) a missing executable fails the test");
		}
		return Assumptions.abort(message + ": skipping this test; under CI (CI=true) it would fail");
	}

	/**
	 * Finds an executable on the {@code PATH}.
	 * @param name the name of the executable
	 * @return the executable, or empty when it is not on the {@code PATH}
	 */
	public static Optional<ExternalTool> find(String name) {
		String path = System.getenv("PATH");
		if (path != null) {
			for (String directory : path.split(File.pathSeparator)) {
				Path candidate = Path.of(directory, name);
				if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return Optional.of(new ExternalTool(name, candidate));
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * Runs the executable to completion.
	 * @param timeout how long it may take
	 * @param input what it reads on its standard input, or {@code null} for nothing
	 * @param arguments its arguments
	 * @return its exit code and output
	 * @throws IOException when it cannot be started
	 * @throws InterruptedException when interrupted while waiting for it
	 */
	public Result run(Duration timeout, String input, String... arguments) throws IOException, InterruptedException {
		Path directory = Files.createTempDirectory(this.name + "-run");
		try {
			Path stdin = directory.resolve("stdin");
			Files.writeString(stdin, (input != null) ? input : "", StandardCharsets.UTF_8);
			Path output = directory.resolve("output");
			try (Started started = start(stdin, output, arguments)) {
				if (!started.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					throw new IllegalStateException(this.name + " did not finish within " + timeout + "; its output: "
							+ Files.readString(output, StandardCharsets.UTF_8));
				}
				return new Result(started.process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
			}
		}
		finally {
			deleteRecursively(directory);
		}
	}

	/**
	 * Starts the executable in the background; closing the handle stops it.
	 * @param output the file its standard output and error go to
	 * @param arguments its arguments
	 * @return the handle of the process
	 * @throws IOException when it cannot be started
	 */
	public Started start(Path output, String... arguments) throws IOException {
		return start(null, output, arguments);
	}

	private Started start(Path input, Path output, String... arguments) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(this.executable.toString());
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
		if (input != null) {
			builder.redirectInput(input.toFile());
		}
		return new Started(this.name, builder.start());
	}

	/**
	 * Deletes a directory and everything in it, as far as it can.
	 * @param directory the directory
	 */
	public static void deleteRecursively(Path directory) {
		FileSystemUtils.deleteRecursively(directory.toFile());
	}

	/**
	 * What a finished run gave.
	 *
	 * @param exitCode the exit code
	 * @param output standard output and error, interleaved
	 */
	public record Result(int exitCode, String output) {

	}

	/**
	 * A process started in the background, destroyed on {@link #close()} or, failing
	 * that, when the JVM exits.
	 */
	public static final class Started implements AutoCloseable {

		private final String name;

		private final Process process;

		private final Thread shutdownHook;

		private Started(String name, Process process) {
			this.name = name;
			this.process = process;
			this.shutdownHook = new Thread(() -> destroy(process), name + "-destroyer");
			Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		}

		/**
		 * Whether the process still runs.
		 * @return whether it is alive
		 */
		public boolean isAlive() {
			return this.process.isAlive();
		}

		/**
		 * The process id, for messages.
		 * @return the pid
		 */
		public long pid() {
			return this.process.pid();
		}

		@Override
		public void close() {
			destroy(this.process);
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException ex) {
				// the JVM is shutting down: the hook runs anyway
			}
		}

		private static void destroy(Process process) {
			process.destroy();
			try {
				if (!process.waitFor(10, TimeUnit.SECONDS)) {
					process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				process.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public String toString() {
			return this.name + " (pid " + this.process.pid() + ")";
		}

	}

}
