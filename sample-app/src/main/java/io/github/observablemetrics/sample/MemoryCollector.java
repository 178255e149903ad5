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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.observablemetrics.MetricObserver;
import io.github.observablemetrics.ObservableMetric;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * The "Collector 模式开发" example of the {@code client_golang} exporter tutorial: total,
 * used and free memory, read from {@code /proc/meminfo} at each scrape by one callback
 * that feeds three metrics, as the tutorial's {@code memoryCollector.Collect} does.
 * <p>
 * Two differences: {@code /proc/meminfo} gives kB (KiB), which the tutorial exports
 * unchanged as "bytes"; here they are multiplied by 1024. Where {@code /proc/meminfo}
 * does not exist (not Linux), this says so once at start-up and reports nothing, where
 * the tutorial prints an error at every scrape.
 *
 * @author The Observable Metrics team
 */
@Component
public class MemoryCollector {

	static final String TOTAL = "memory.total";

	static final String USED = "memory.used";

	static final String FREE = "memory.free";

	private static final Path MEMINFO = Path.of("/proc/meminfo");

	private static final Log logger = LogFactory.getLog(MemoryCollector.class);

	private final Path meminfo;

	private final boolean present;

	MemoryCollector() {
		this(MEMINFO);
	}

	MemoryCollector(Path meminfo) {
		this.meminfo = meminfo;
		this.present = Files.isReadable(meminfo);
		if (!this.present) {
			logger.info(meminfo + " cannot be read (this is not Linux): the metrics " + TOTAL + ", " + USED + " and "
					+ FREE + " report no value");
		}
	}

	/**
	 * Reads {@code /proc/meminfo} and observes the total memory ({@code MemTotal}), the
	 * used memory ({@code MemTotal - MemAvailable}) and the free memory
	 * ({@code MemFree}), in bytes. A line the kernel does not provide leaves its metric
	 * out.
	 * @param observer receives the values
	 * @throws IOException when {@code /proc/meminfo} cannot be read: the starter then
	 * reports no value and logs the failure
	 */
	@ObservableMetric(name = TOTAL, unit = "bytes", description = "Total memory in bytes")
	@ObservableMetric(name = USED, unit = "bytes", description = "Used memory in bytes")
	@ObservableMetric(name = FREE, unit = "bytes", description = "Free memory in bytes")
	public void collect(MetricObserver observer) throws IOException {
		if (!this.present) {
			return;
		}
		Map<String, Long> bytes = parse(Files.readAllLines(this.meminfo, StandardCharsets.US_ASCII));
		Long total = bytes.get("MemTotal");
		Long available = bytes.get("MemAvailable");
		Long free = bytes.get("MemFree");
		if (total != null) {
			observer.observe(TOTAL, total);
		}
		if (total != null && available != null) {
			observer.observe(USED, total - available);
		}
		if (free != null) {
			observer.observe(FREE, free);
		}
	}

	/**
	 * Parses the lines of {@code /proc/meminfo}, such as {@code MemTotal: 16384 kB}.
	 * @param lines the lines
	 * @return the values in bytes, by field name without the colon
	 */
	static Map<String, Long> parse(List<String> lines) {
		Map<String, Long> bytes = new HashMap<>();
		for (String line : lines) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length < 2 || !fields[0].endsWith(":")) {
				continue;
			}
			String name = fields[0].substring(0, fields[0].length() - 1);
			try {
				long value = Long.parseLong(fields[1]);
				boolean kiloBytes = fields.length > 2 && "kB".equals(fields[2]);
				bytes.put(name, kiloBytes ? value * 1024 : value);
			}
			catch (NumberFormatException ex) {
				// not a number: not a line this collector reads
			}
		}
		return bytes;
	}

}
