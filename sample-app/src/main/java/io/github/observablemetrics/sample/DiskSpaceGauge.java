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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import io.github.observablemetrics.ObservableMetric;

import org.springframework.stereotype.Component;

/**
 * An asynchronous callback: the usable space of the disk the application works on, read
 * on a thread of the common pool. The method returns the future at once; the scrape takes
 * the value when the future completes, and no thread of the starter waits for it. A
 * {@code Mono<Long>} or a Kotlin {@code suspend fun} would do the same.
 *
 * @author The Observable Metrics team
 */
@Component
public class DiskSpaceGauge {

	private final Path directory = Path.of("").toAbsolutePath();

	/**
	 * The usable space of the disk of the working directory.
	 * @return the future of the number of bytes
	 */
	@ObservableMetric(name = "app.disk.usable", unit = "bytes",
			description = "Usable space on the disk of the working directory")
	public CompletableFuture<Long> usableSpace() {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return Files.getFileStore(this.directory).getUsableSpace();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

}
