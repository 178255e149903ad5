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

package io.github.observablemetrics.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.github.observablemetrics.test.ExternalTool;

import static org.awaitility.Awaitility.await;

/**
 * A server process that a test starts from an executable of Prometheus' (the server, the
 * Pushgateway) on a free loopback port, with a temporary directory of its own for its
 * files and its log. Starting waits until it answers {@code /-/ready}; closing stops it
 * and deletes the directory, and a JVM shutdown hook stops it should a test run end
 * first.
 */
final class LoopbackServer implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String name;

	private final Path directory;

	private final int port;

	private ExternalTool.Started process;

	private LoopbackServer(String name, Path directory, int port) {
		this.name = name;
		this.directory = directory;
		this.port = port;
	}

	/**
	 * Chooses a free loopback port and creates the server's directory, for the
	 * configuration it is started with.
	 * @param name the server's name, for messages and its log file
	 * @return the server, not started yet
	 * @throws IOException when the directory cannot be created
	 */
	static LoopbackServer prepare(String name) throws IOException {
		return new LoopbackServer(name, Files.createTempDirectory(name), freeLoopbackPort());
	}

	/**
	 * Starts the server and waits until it is ready; closes it when it does not get
	 * ready.
	 * @param executable the executable
	 * @param arguments its arguments, which make it listen on {@link #port()}
	 * @throws IOException when it cannot be started
	 */
	void start(ExternalTool executable, String... arguments) throws IOException {
		this.process = executable.start(this.directory.resolve(this.name + ".log"), arguments);
		try {
			await(this.name + " ready at " + base()).atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.until(this::isReady);
		}
		catch (RuntimeException | Error ex) {
			String log = log();
			close();
			throw new IllegalStateException(this.name + " did not start; its log:\n" + log, ex);
		}
	}

	Path directory() {
		return this.directory;
	}

	int port() {
		return this.port;
	}

	/**
	 * The base of the server's URLs.
	 * @return {@code http://127.0.0.1:port}
	 */
	String base() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Sends a GET request.
	 * @param pathAndQuery the path and query
	 * @return the response
	 * @throws IOException when the request fails
	 */
	HttpResponse<String> get(String pathAndQuery) throws IOException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted", ex);
		}
	}

	/**
	 * The server's log so far.
	 * @return the log
	 */
	String log() {
		try {
			return Files.readString(this.directory.resolve(this.name + ".log"));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	private boolean isReady() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException(this.process + " exited");
		}
		try {
			return get("/-/ready").statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freeLoopbackPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() {
		try {
			if (this.process != null) {
				this.process.close();
			}
		}
		finally {
			ExternalTool.deleteRecursively(this.directory);
		}
	}

}
