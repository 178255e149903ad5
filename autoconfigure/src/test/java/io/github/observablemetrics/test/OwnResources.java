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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;

import io.github.observablemetrics.ObservableMetric;

/**
 * Resources of this module's main output, whatever else the class path holds under the
 * same name (every Spring Boot jar has a
 * {@code META-INF/spring-configuration-metadata.json}).
 */
public final class OwnResources {

	private OwnResources() {
	}

	/**
	 * Opens a resource of this module.
	 * @param name the resource name
	 * @return the stream
	 */
	public static InputStream open(String name) {
		String root = ObservableMetric.class.getProtectionDomain().getCodeSource().getLocation().toString();
		try {
			for (URL url : Collections.list(OwnResources.class.getClassLoader().getResources(name))) {
				if (url.toString().contains(root)) {
					return url.openStream();
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new IllegalStateException(name + " is not generated under " + root);
	}

}
