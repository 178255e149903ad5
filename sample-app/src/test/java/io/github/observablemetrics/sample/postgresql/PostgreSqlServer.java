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

package io.github.observablemetrics.sample.postgresql;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.observablemetrics.test.ExternalTool;

/**
 * A PostgreSQL server of Debian's {@code postgresql} package, of this test's own: a
 * cluster made by {@code initdb} in a temporary directory, served on a free loopback
 * port, with its socket in that directory. It runs as the {@code postgres} user when the
 * test runs as root, which PostgreSQL refuses to run as. Closing it resumes the server
 * should it be stopped ({@link #freeze()}), stops it at once and deletes the directory; a
 * JVM shutdown hook does the same should a test run end first.
 */
final class PostgreSqlServer implements AutoCloseable {

	static final String USER = "test";

	private static final String INSTALL_HINT = "apt-get install postgresql, or see .ci/run";

	private static final String OS_USER = "postgres";

	private final Path directory;

	private final Path bin;

	private final Process process;

	private final int port;

	private final Thread shutdownHook;

	private PostgreSqlServer(Path directory, Path bin, Process process, int port) {
		this.directory = directory;
		this.bin = bin;
		this.process = process;
		this.port = port;
		this.shutdownHook = new Thread(this::stop, "postgresql-stopper");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Finds the server's programs ({@code /usr/lib/postgresql/<version>/bin}, the newest
	 * version), or skips the test (fails it under CI) where they are missing.
	 * @return the directory of {@code initdb} and {@code postgres}
	 */
	static Path require() {
		return find().orElseGet(() -> {
			// the skip or the failure, with ExternalTool's message
			ExternalTool.require("initdb", INSTALL_HINT);
			throw new IllegalStateException("initdb is on the PATH but postgres is not beside it");
		});
	}

	private static Optional<Path> find() {
		Path debian = Path.of("/usr/lib/postgresql");
		if (Files.isDirectory(debian)) {
			try (Stream<Path> versions = Files.list(debian)) {
				Optional<Path> newest = versions.map((version) -> version.resolve("bin"))
					.filter(PostgreSqlServer::hasServer)
					.max(Comparator.comparing((bin) -> Integer.parseInt(bin.getParent().getFileName().toString())));
				if (newest.isPresent()) {
					return newest;
				}
			}
			catch (IOException | NumberFormatException ex) {
				// looked for on the PATH below
			}
		}
		return ExternalTool.find("initdb").map((initdb) -> Path.of("/usr/bin")).filter(PostgreSqlServer::hasServer);
	}

	private static boolean hasServer(Path bin) {
		return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("postgres"));
	}

	/**
	 * Makes a cluster and starts a server on it, and waits until it accepts connections.
	 * @param bin the directory of the server's programs
	 * @return the server
	 * @throws Exception when it cannot be started
	 */
	static PostgreSqlServer start(Path bin) throws Exception {
		Path directory = Files.createTempDirectory("postgresql");
		Path data = directory.resolve("data");
		Path log = directory.resolve("postgres.log");
		try {
			if (isRoot()) {
				run(Duration.ofSeconds(10), "chown", OS_USER, directory.toString());
			}
			run(Duration.ofSeconds(60), asServerUser(bin.resolve("initdb").toString(), "-D", data.toString(), "-U",
					USER, "--auth=trust", "-E", "UTF8", "--no-sync"));
			int port = freePort();
			Process process = new ProcessBuilder(
					asServerUser(bin.resolve("postgres").toString(), "-D", data.toString(), "-p", String.valueOf(port),
							"-k", directory.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			PostgreSqlServer server = new PostgreSqlServer(directory, bin, process, port);
			server.awaitConnections(log);
			return server;
		}
		catch (Exception ex) {
			ExternalTool.deleteRecursively(directory);
			throw ex;
		}
	}

	String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres";
	}

	int port() {
		return this.port;
	}

	private void awaitConnections(Path log) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (true) {
			try (Connection connection = DriverManager.getConnection(jdbcUrl(), USER, "")) {
				return;
			}
			catch (SQLException ex) {
				if (!this.process.isAlive() || System.nanoTime() > deadline) {
					String output = Files.readString(log, StandardCharsets.UTF_8);
					close();
					throw new IllegalStateException("PostgreSQL did not accept connections: " + output, ex);
				}
				Thread.sleep(100);
			}
		}
	}

	/**
	 * Stops every process of the server with {@code SIGSTOP}: it stops answering, and its
	 * connections stay open, as a database that hangs does. Close the returned handle to
	 * resume it.
	 * @return what resumes the server
	 * @throws Exception when the signal cannot be sent
	 */
	Frozen freeze() throws Exception {
		signal("-STOP");
		return () -> signal("-CONT");
	}

	private void signal(String signal) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("kill", signal));
		serverProcesses().forEach((pid) -> command.add(String.valueOf(pid)));
		run(Duration.ofSeconds(10), command.toArray(String[]::new));
	}

	/**
	 * The postmaster and its children (the backends of the open connections, the
	 * background workers), which are its descendants too when it runs under
	 * {@code runuser}.
	 */
	private List<Long> serverProcesses() {
		List<Long> pids = new ArrayList<>();
		this.process.descendants().forEach((handle) -> pids.add(handle.pid()));
		if (!isRoot()) {
			pids.add(this.process.pid());
		}
		return pids;
	}

	@Override
	public void close() {
		stop();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook runs anyway
		}
	}

	private void stop() {
		try {
			// a stopped server cannot stop: resume it first
			signal("-CONT");
		}
		catch (Exception ex) {
			// stopped below all the same
		}
		try {
			run(Duration.ofSeconds(20), asServerUser(this.bin.resolve("pg_ctl").toString(), "stop", "-D",
					this.directory.resolve("data").toString(), "-m", "immediate", "-w"));
		}
		catch (Exception ex) {
			// destroyed below
		}
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		ExternalTool.deleteRecursively(this.directory);
	}

	private static List<String> asServerUser(String... command) {
		List<String> full = new ArrayList<>();
		if (isRoot()) {
			full.addAll(List.of("runuser", "-u", OS_USER, "--"));
		}
		full.addAll(List.of(command));
		return full;
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private static void run(Duration timeout, List<String> command) throws IOException, InterruptedException {
		run(timeout, command.toArray(String[]::new));
	}

	private static void run(Duration timeout, String... command) throws IOException, InterruptedException {
		Path output = Files.createTempFile("postgresql-command", ".log");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
						+ Files.readString(output, StandardCharsets.UTF_8));
			}
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * A stopped server; closing it resumes the server.
	 */
	interface Frozen extends AutoCloseable {

		@Override
		void close() throws Exception;

	}

}
