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

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.github.observablemetrics.MetricObserver;
import io.github.observablemetrics.ObservableMetric;
import io.github.observablemetrics.ObservableMetric.Type;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Not from the guides: named tasks that run until they are stopped, to show with a real
 * Prometheus what the guides cannot show with one scrape. Their runtime is a COUNTER
 * callback whose total grows by itself, so
 * {@code rate(app_task_runtime_seconds_total[1m])} is 1 for every running task; and when
 * a task stops, the callback stops observing its series, which leaves the next scrape and
 * goes stale in Prometheus at once. A GAUGE callback gives each running task's start
 * time.
 * <ul>
 * <li>{@code PUT /tasks/{name}} starts a task (names of lower-case letters, digits and
 * dashes; at most {@value #MAX_TASKS} tasks run at once).</li>
 * <li>{@code DELETE /tasks/{name}} stops it.</li>
 * <li>{@code GET /tasks} lists the running tasks.</li>
 * </ul>
 *
 * @author The Observable Metrics team
 */
@RestController
@RequestMapping("/tasks")
public class TaskBoard {

	static final String RUNTIME = "app.task.runtime";

	static final String START_TIME = "app.task.start.time";

	/**
	 * A tag value per running task: the board is bounded, as every tag's values should
	 * be.
	 */
	static final int MAX_TASKS = 10;

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

	/**
	 * When each running task started.
	 */
	private final Map<String, Started> started = new ConcurrentHashMap<>();

	@PutMapping("/{name}")
	synchronized ResponseEntity<String> start(@PathVariable String name) {
		if (!NAME.matcher(name).matches()) {
			return ResponseEntity.badRequest().body("A task name is 1 to 32 lower-case letters, digits and dashes\n");
		}
		if (this.started.containsKey(name)) {
			return ResponseEntity.ok("Task " + name + " is running already\n");
		}
		if (this.started.size() >= MAX_TASKS) {
			return ResponseEntity.status(HttpStatus.CONFLICT).body(MAX_TASKS + " tasks are running: stop one first\n");
		}
		this.started.put(name, new Started(System.nanoTime(), System.currentTimeMillis()));
		return ResponseEntity.status(HttpStatus.CREATED).body("Started task " + name + "\n");
	}

	@DeleteMapping("/{name}")
	ResponseEntity<Void> stop(@PathVariable String name) {
		return (this.started.remove(name) != null) ? ResponseEntity.noContent().build()
				: ResponseEntity.notFound().build();
	}

	@GetMapping
	List<String> running() {
		return this.started.keySet().stream().sorted().toList();
	}

	/**
	 * Observes how long each running task has run, in seconds: one series per task,
	 * tagged with its name. A stopped task is not observed, so its series is gone from
	 * the next scrape.
	 * @param observer receives the runtimes
	 */
	@ObservableMetric(name = RUNTIME, type = Type.COUNTER, unit = "seconds",
			description = "How long each running task has run")
	public void runtime(MetricObserver observer) {
		long now = System.nanoTime();
		this.started.forEach((name, start) -> observer.observe((now - start.nanoTime()) / 1e9, "task", name));
	}

	/**
	 * Observes when each running task started, in seconds since the epoch, as
	 * {@code process_start_time_seconds} does for the process: one series per task.
	 * @param observer receives the start times
	 */
	@ObservableMetric(name = START_TIME, unit = "seconds",
			description = "When each running task started, since the epoch")
	public void startTime(MetricObserver observer) {
		this.started.forEach((name, start) -> observer.observe(start.epochMillis() / 1e3, "task", name));
	}

	/**
	 * When a task started.
	 *
	 * @param nanoTime in {@link System#nanoTime()}, for its runtime
	 * @param epochMillis in milliseconds since the epoch
	 */
	private record Started(long nanoTime, long epochMillis) {

	}

}
