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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.support.GenericApplicationContext;

/**
 * Beans of an application that has nothing to do with metrics: a few ordinary classes,
 * many beans of each, registered programmatically.
 *
 * @author The Observable Metrics team
 */
public final class PlainBeans {

	private PlainBeans() {
	}

	/**
	 * Registers {@code count} beans, a quarter of each class.
	 * @param context the application context, before its refresh
	 * @param count the number of beans
	 */
	public static void register(GenericApplicationContext context, int count) {
		for (int i = 0; i < count; i++) {
			String name = "plain" + i;
			switch (i % 4) {
				case 0 -> context.registerBean(name, Repository.class, Repository::new);
				case 1 -> context.registerBean(name, Service.class, Service::new);
				case 2 -> context.registerBean(name, Client.class, () -> new Client("https://example.org/" + name));
				default -> context.registerBean(name, Handler.class, Handler::new);
			}
		}
	}

	public static class Repository {

		private final Map<String, String> rows = new ConcurrentHashMap<>();

		public String find(String key) {
			return this.rows.get(key);
		}

		public void save(String key, String value) {
			this.rows.put(key, value);
		}

	}

	public static class Service {

		private final List<String> events = new ArrayList<>();

		public synchronized void record(String event) {
			this.events.add(event);
		}

		public synchronized int count() {
			return this.events.size();
		}

	}

	public static class Client {

		private final String baseUrl;

		public Client(String baseUrl) {
			this.baseUrl = baseUrl;
		}

		public String url(String path) {
			return this.baseUrl + path;
		}

	}

	public static class Handler {

		private long handled;

		public void handle() {
			this.handled++;
		}

		public long handled() {
			return this.handled;
		}

	}

}
