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

package io.github.observablemetrics.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Writes a {@link PrometheusRegistry} as Prometheus text, the way
 * {@code PrometheusMeterRegistry.scrape()} does: the same writer, into a byte array, to a
 * string.
 *
 * @author The Observable Metrics team
 */
final class PrometheusText {

	private static final ExpositionFormatWriter writer = ExpositionFormats.init()
		.findWriter(PrometheusTextFormatWriter.CONTENT_TYPE);

	private PrometheusText() {
	}

	static String scrape(PrometheusRegistry registry) {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		try {
			writer.write(output, registry.scrape());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return output.toString(StandardCharsets.UTF_8);
	}

}
