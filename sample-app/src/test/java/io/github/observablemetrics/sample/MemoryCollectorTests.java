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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.observablemetrics.MetricObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MemoryCollector} on a {@code meminfo} file of its own.
 *
 * @author The Observable Metrics team
 */
class MemoryCollectorTests {

	@TempDir
	Path directory;

	@Test
	void reportsKiloBytesAsBytesAndUsedAsTotalLessAvailable() throws Exception {
		Path meminfo = this.directory.resolve("meminfo");
		Files.writeString(meminfo, """
				MemTotal:       16384000 kB
				MemFree:         2048000 kB
				MemAvailable:    8192000 kB
				Buffers:          512000 kB
				HugePages_Total:       0
				""");
		List<String> observations = new ArrayList<>();
		new MemoryCollector(meminfo).collect(recording(observations));
		assertThat(observations).containsExactly("memory.total=" + 16384000.0 * 1024,
				"memory.used=" + (16384000.0 - 8192000.0) * 1024, "memory.free=" + 2048000.0 * 1024);
	}

	@Test
	void leavesOutUsedMemoryWhenTheKernelDoesNotProvideMemAvailable() throws Exception {
		Path meminfo = this.directory.resolve("meminfo");
		Files.writeString(meminfo, """
				MemTotal:       16384000 kB
				MemFree:         2048000 kB
				""");
		List<String> observations = new ArrayList<>();
		new MemoryCollector(meminfo).collect(recording(observations));
		assertThat(observations).containsExactly("memory.total=" + 16384000.0 * 1024,
				"memory.free=" + 2048000.0 * 1024);
	}

	@Test
	void observesNothingWhenMeminfoDoesNotExist() throws Exception {
		List<String> observations = new ArrayList<>();
		new MemoryCollector(this.directory.resolve("missing")).collect(recording(observations));
		assertThat(observations).isEmpty();
	}

	private static MetricObserver recording(List<String> observations) {
		return new MetricObserver() {

			@Override
			public void observe(double value, String... tagKeyValues) {
				throw new AssertionError("The collector feeds several metrics and must name them");
			}

			@Override
			public void observe(String metricName, double value, String... tagKeyValues) {
				assertThat(tagKeyValues).isEmpty();
				observations.add(metricName + "=" + value);
			}

		};
	}

}
