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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import com.jayway.jsonpath.JsonPath;
import io.github.observablemetrics.test.ExternalTool;
import io.github.observablemetrics.test.PrometheusText;
import io.github.observablemetrics.test.RunningApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application with its {@code pushgateway} profile, pushing every second to a
 * real Pushgateway on loopback, and what the Pushgateway then exposes. Nothing scrapes
 * the application: its callbacks run only because a push reads the registry. Every wait
 * polls with a deadline. The tests run in order: the last one stops every task and closes
 * the application.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PushgatewayIT {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	/**
	 * The group's job label, from the profile.
	 */
	private static final String JOB = "observable-metrics-sample";

	private static final String TASK_RUNTIME = "app_task_runtime_seconds_total";

	/**
	 * Longer than a push to the Pushgateway on loopback takes, from the callbacks' runs
	 * to the answer; short against the push rate of one second.
	 */
	private static final Duration PUSH_SETTLE = Duration.ofMillis(300);

	private static PushgatewayServer pushgateway;

	private static RunningApplication app;

	@BeforeAll
	static void start() throws IOException {
		Optional<ExternalTool> executable = PushgatewayServer.find();
		if (executable.isEmpty()) {
			return;
		}
		pushgateway = PushgatewayServer.start(executable.get());
		app = RunningApplication.run(SampleApplication.class, "--spring.profiles.active=pushgateway",
				"--management.prometheus.metrics.export.pushgateway.address=" + pushgateway.address(),
				"--management.prometheus.metrics.export.pushgateway.push-rate=1s");
		assertThat(app.send("PUT", "/tasks/push-a", null).statusCode()).isEqualTo(201);
		assertThat(app.send("PUT", "/tasks/push-b", null).statusCode()).isEqualTo(201);
	}

	@BeforeEach
	void requirePushgateway() {
		PushgatewayServer.require();
	}

	@AfterAll
	static void stop() {
		try {
			if (app != null) {
				app.close();
			}
		}
		finally {
			if (pushgateway != null) {
				pushgateway.close();
			}
		}
	}

	@Test
	@Order(1)
	void callbackValuesArriveWithTheirTypes() {
		PrometheusText pushed = await("both tasks pushed").atMost(DEADLINE)
			.until(pushgateway::metrics, (metrics) -> metrics.samples(TASK_RUNTIME).size() == 2);
		assertThat(pushed.type("goframe_metric_demo_observable_counter_total")).isEqualTo("counter");
		assertThat(pushed.value("goframe_metric_demo_observable_counter_total", "const_attr_3", "3")).contains(10.0);
		assertThat(pushed.type("goframe_metric_demo_async_observable_updown_counter_percent")).isEqualTo("gauge");
		assertThat(pushed.value("goframe_metric_demo_async_observable_updown_counter_percent")).contains(20.0);
		assertThat(pushed.type("goframe_metric_demo_async_observable_gauge_percent")).isEqualTo("gauge");
		assertThat(pushed.value("goframe_metric_demo_async_observable_gauge_percent")).contains(30.0);
		assertThat(pushed.type("temperature_celsius")).isEqualTo("gauge");
		assertThat(pushed.value("temperature_celsius"))
			.hasValueSatisfying((value) -> assertThat(value).isBetween(20.0, 30.0));
		assertThat(pushed.type(TASK_RUNTIME)).isEqualTo("counter");
		assertThat(pushed.samples(TASK_RUNTIME)).extracting((sample) -> sample.labels().get("task"))
			.containsExactlyInAnyOrder("push-a", "push-b");
		assertThat(pushed.samples(TASK_RUNTIME)).allSatisfy((sample) -> {
			assertThat(sample.value()).isNotNegative();
			assertThat(sample.labels()).containsEntry("job", JOB).containsEntry("instance", "");
		});
	}

	@Test
	@Order(2)
	void eachPushRunsEveryCallbackOnce() {
		Runs first = quietRuns((runs) -> true);
		Runs later = quietRuns((runs) -> runs.pushes() >= first.pushes() + 2);
		assertThat(later.invocations()).containsOnlyKeys(first.invocations().keySet());
		later.invocations()
			.forEach((callback, invocations) -> assertThat(invocations - first.invocations().get(callback))
				.as("runs of %s during %d pushes", callback, later.pushes() - first.pushes())
				.isEqualTo(later.pushes() - first.pushes()));
	}

	@Test
	@Order(3)
	void aSeriesTheCallbackStopsObservingIsGoneAfterTheNextPush() {
		await("push-b pushed").atMost(DEADLINE)
			.until(pushgateway::metrics, (metrics) -> metrics.value(TASK_RUNTIME, "task", "push-b").isPresent());
		assertThat(app.send("DELETE", "/tasks/push-b", null).statusCode()).isEqualTo(204);
		PrometheusText pushed = awaitPushesAfterNow();
		assertThat(pushed.samples(TASK_RUNTIME)).extracting((sample) -> sample.labels().get("task"))
			.containsExactly("push-a");
	}

	@Test
	@Order(4)
	void aMetricLeftWithoutSeriesKeepsItsLastPushAndTheShutdownPushKeepsTheCallbacksValues() {
		assertThat(app.send("DELETE", "/tasks/push-a", null).statusCode()).isEqualTo(204);
		PrometheusText pushed = awaitPushesAfterNow();
		// a push is a POST, which replaces only the metrics it carries
		assertThat(pushed.samples(TASK_RUNTIME)).extracting((sample) -> sample.labels().get("task"))
			.as("the last push of a metric that no push carries now")
			.containsExactly("push-a");
		long pushes = PushgatewayServer.pushes(pushed, "post");
		app.close();
		// shutdown-operation=post: one more push, after the callbacks stopped running; it
		// carries no callback metric, so it replaces none of them
		PrometheusText last = pushgateway.metrics();
		assertThat(PushgatewayServer.pushes(last, "post")).isGreaterThan(pushes);
		assertThat(PushgatewayServer.pushes(last, "put")).isZero();
		assertThat(last.value("goframe_metric_demo_observable_counter_total", "const_attr_3", "3")).contains(10.0);
		assertThat(last.value("goframe_metric_demo_async_observable_gauge_percent")).contains(30.0);
	}

	/**
	 * Waits for two more periodic pushes: at least one of them started after this call.
	 */
	private static PrometheusText awaitPushesAfterNow() {
		long pushes = PushgatewayServer.pushes(pushgateway.metrics(), "post");
		return await("two more pushes").atMost(DEADLINE)
			.until(pushgateway::metrics, (metrics) -> PushgatewayServer.pushes(metrics, "post") >= pushes + 2);
	}

	/**
	 * Reads the pushes and the callbacks' runs until no push is under way between the
	 * readings: the pushes read before and after the runs are the same, and every
	 * callback has run as many times as every other. The pushes are read again only
	 * {@link #PUSH_SETTLE} after the runs: a push whose callbacks had all run when the
	 * runs were read, but whose POST the Pushgateway had not yet answered, has been
	 * answered by then and makes the two readings differ, rather than leaving the runs
	 * one push ahead of the pushes.
	 */
	private static Runs quietRuns(Predicate<Runs> wanted) {
		AtomicReference<Runs> quiet = new AtomicReference<>();
		await("a reading between two pushes").atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> {
			long before = PushgatewayServer.pushes(pushgateway.metrics(), "post");
			Map<String, Long> invocations = invocations();
			Thread.sleep(PUSH_SETTLE.toMillis());
			long after = PushgatewayServer.pushes(pushgateway.metrics(), "post");
			Runs runs = new Runs(before, invocations);
			if (before == after && invocations.values().stream().distinct().count() == 1 && wanted.test(runs)) {
				quiet.set(runs);
				return true;
			}
			return false;
		});
		return quiet.get();
	}

	/**
	 * How many times each callback ran, from the {@code observablemetrics} endpoint,
	 * which runs none.
	 */
	private static Map<String, Long> invocations() {
		List<Map<String, Object>> callbacks = JsonPath.read(app.get("/actuator/observablemetrics"), "$.callbacks");
		Map<String, Long> invocations = new TreeMap<>();
		callbacks.forEach((callback) -> invocations.put((String) callback.get("id"),
				((Number) callback.get("invocations")).longValue()));
		return invocations;
	}

	/**
	 * The pushes the Pushgateway had answered, and the runs of each callback, read
	 * between two pushes.
	 */
	private record Runs(long pushes, Map<String, Long> invocations) {

	}

}
