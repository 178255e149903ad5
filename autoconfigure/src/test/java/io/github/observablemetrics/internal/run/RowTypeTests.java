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

package io.github.observablemetrics.internal.run;

import io.github.observablemetrics.internal.declare.CallbackDeclaration;
import io.github.observablemetrics.internal.run.CallbackInvoker;
import io.github.observablemetrics.internal.validate.DeclarationValidator;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.github.observablemetrics.MetricObserver;
import io.github.observablemetrics.ObservableMetric;
import io.github.observablemetrics.ObservableMetric.Type;
import io.github.observablemetrics.internal.declare.CallbackDeclaration.Shape;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How the rows a method returns become series: the row type is resolved once from the
 * method's generic return type, and each run's rows are observed, each label set of each
 * metric once.
 */
class RowTypeTests {

	private final Recorder observer = new Recorder();

	private final List<String> invalid = new ArrayList<>();

	@Test
	void aRecordFeedsOneMetricPerValueComponentWithItsOtherComponentsAsTags() {
		report(new Rows(), "pools", List.of(new PoolRow("main", 3, 7), new PoolRow("batch", 1, 0)));
		assertThat(this.observer.observed).containsExactly("pool.active{pool=main} 3.0", "pool.active{pool=batch} 1.0",
				"pool.idle{pool=main} 7.0", "pool.idle{pool=batch} 0.0");
		assertThat(this.invalid).isEmpty();
	}

	@Test
	void aRowWithOneNumberNeedsNoValueAndEveryOtherComponentKindIsATag() {
		report(new Rows(), "queues", List.of(new QueueRow("mail", Status.PAUSED, true, 'a', 12L)));
		assertThat(this.observer.observed)
			.containsExactly("queue.size{queue=mail,status=PAUSED,paused=true,shard=a} 12.0");
	}

	@Test
	void aClassWithGettersIsARowOfItsProperties() {
		report(new Rows(), "accounts", List.of(new AccountRow("eu", true, new BigDecimal("12.50"))));
		assertThat(this.observer.observed).containsExactly("accounts.balance{enabled=true,region=eu} 12.5");
	}

	@Test
	void anInterfaceProjectionIsARowOfItsGetters() {
		report(new Rows(), "statuses", List.of(projection("shipped", 40L), projection("waiting", 2L)));
		assertThat(this.observer.observed).containsExactly("orders.by.status{status=shipped} 40.0",
				"orders.by.status{status=waiting} 2.0");
	}

	@Test
	void theEntriesOfAMapAreRowsWithTheKeyUnderTheTagKey() {
		Map<String, Long> jobs = new LinkedHashMap<>();
		jobs.put("mail", 3L);
		jobs.put("reports", 0L);
		report(new Rows(), "jobsByQueue", jobs);
		assertThat(this.observer.observed).containsExactly("jobs{queue=mail} 3.0", "jobs{queue=reports} 0.0");
	}

	@Test
	void aMapEntryWithoutAValueHasNoSeriesAndOneWithoutAKeyIsInvalid() {
		Map<String, Long> jobs = new HashMap<>();
		jobs.put("mail", null);
		jobs.put(null, 4L);
		jobs.put("reports", 1L);
		report(new Rows(), "jobsByQueue", jobs);
		assertThat(this.observer.observed).containsExactly("jobs{queue=reports} 1.0");
		assertThat(this.invalid).singleElement().asString().contains("without a value for the tag 'queue'");
	}

	@Test
	void everyKindOfNumberThatJpaAndJdbcReturnIsAValue() {
		report(new Rows(), "numbers", List.of(new NumbersRow("all", 1L, BigInteger.valueOf(2), new BigDecimal("3.5"), 4,
				5.25, new AtomicLong(6), (short) 7, 8.5f)));
		assertThat(this.observer.observed).containsExactly("n.long{kind=all} 1.0", "n.big.integer{kind=all} 2.0",
				"n.big.decimal{kind=all} 3.5", "n.integer{kind=all} 4.0", "n.double{kind=all} 5.25",
				"n.atomic{kind=all} 6.0", "n.short{kind=all} 7.0", "n.float{kind=all} 8.5");
	}

	@Test
	void aNumberNamedInLabelsIsATag() {
		report(new Rows(), "responses", List.of(new ResponseRow(200, 31L), new ResponseRow(503, 2L)));
		assertThat(this.observer.observed).containsExactly("http.responses{code=200} 31.0",
				"http.responses{code=503} 2.0");
	}

	@Test
	void labelsLeaveOtherComponentsOut() {
		report(new Rows(), "dated", List.of(new DatedRow("main", LocalDate.EPOCH, 5)));
		assertThat(this.observer.observed).containsExactly("dated.active{pool=main} 5.0");
	}

	@Test
	void aRowWithoutAValueHasNoSeriesAndIsNotInvalid() {
		report(new Rows(), "balances", Arrays.asList(new BalanceRow("eu", null), new BalanceRow("us", 4L)));
		assertThat(this.observer.observed).containsExactly("balance{region=us} 4.0");
		assertThat(this.invalid).isEmpty();
	}

	@Test
	void aRowWithoutATagValueIsDroppedAndInvalid() {
		report(new Rows(), "balances", List.of(new BalanceRow(null, 1L), new BalanceRow("us", 4L)));
		assertThat(this.observer.observed).containsExactly("balance{region=us} 4.0");
		assertThat(this.invalid).singleElement()
			.asString()
			.contains("without a value for the tag 'region' of 'balance'");
	}

	@Test
	void aNullRowIsSkippedAndInvalid() {
		report(new Rows(), "balances", Arrays.asList(null, new BalanceRow("us", 4L)));
		assertThat(this.observer.observed).containsExactly("balance{region=us} 4.0");
		assertThat(this.invalid).singleElement().asString().contains("a null row of");
	}

	@Test
	void twoRowsWithTheSameTagsOfAGaugeKeepTheFirstAndCountTheOtherInvalid() {
		report(new Rows(), "balances", List.of(new BalanceRow("eu", 1L), new BalanceRow("eu", 2L)));
		assertThat(this.observer.observed).containsExactly("balance{region=eu} 1.0");
		assertThat(this.invalid).singleElement()
			.asString()
			.contains("two rows with the same tags {region=eu} for the gauge 'balance'");
	}

	@Test
	void twoRowsWithTheSameTagsOfACounterAddUp() {
		report(new Rows(), "sales",
				List.of(new BalanceRow("eu", 1L), new BalanceRow("us", 5L), new BalanceRow("eu", 2L)));
		assertThat(this.observer.observed).containsExactly("sales{region=eu} 3.0", "sales{region=us} 5.0",
				"sales.open{region=eu} 3.0", "sales.open{region=us} 5.0");
		assertThat(this.invalid).isEmpty();
	}

	@Test
	void aStreamOfRowsIsClosedAfterUse() {
		AtomicBoolean closed = new AtomicBoolean();
		report(new Rows(), "streamed", Stream.of(new BalanceRow("eu", 1L)).onClose(() -> closed.set(true)));
		assertThat(this.observer.observed).containsExactly("streamed{region=eu} 1.0");
		assertThat(closed).isTrue();
	}

	@Test
	void anIterableThatIsNoCollectionIsRows() {
		Iterable<BalanceRow> rows = () -> List.of(new BalanceRow("eu", 1L)).iterator();
		report(new Rows(), "iterable", rows);
		assertThat(this.observer.observed).containsExactly("iterable{region=eu} 1.0");
	}

	@Test
	void nullRowsAreNoSeries() {
		report(new Rows(), "balances", null);
		assertThat(this.observer.observed).isEmpty();
		assertThat(this.invalid).isEmpty();
	}

	@Test
	void theRowTypeIsFoundThroughFuturesMonosAndFluxes() {
		assertThat(declare(new AsyncRows(), "future").shape()).isEqualTo(Shape.ASYNC_ROWS);
		assertThat(declare(new AsyncRows(), "mono").shape()).isEqualTo(Shape.ASYNC_ROWS);
		CallbackDeclaration flux = declare(new AsyncRows(), "flux");
		assertThat(flux.shape()).isEqualTo(Shape.ASYNC_ROWS);
		assertThat(flux.rowType()).isNotNull();
		assertThat(flux.rowType().published()).isTrue();
		CallbackDeclaration future = declare(new AsyncRows(), "future");
		assertThat(future.rowType()).isNotNull();
		assertThat(future.rowType().published()).isFalse();
		future.rowType().report(List.of(new PoolRow("main", 1, 2)), this.observer, this.invalid::add);
		assertThat(this.observer.observed).containsExactly("later.pool{pool=main} 1.0");
	}

	@Test
	void aRowsMethodIsDeclaredAsRowsAndKeepsItsRowTypeOnceRegistered() {
		CallbackDeclaration declaration = declare(new Rows(), "pools");
		assertThat(declaration.shape()).isEqualTo(Shape.ROWS);
		assertThat(declaration.shape().observes()).isTrue();
		assertThat(declaration.shape().isAsync()).isFalse();
		assertThat(declaration.registered().rowType()).isSameAs(declaration.rowType());
		assertThat(declaration.metrics().get(0).rowColumns().value()).isEqualTo("active");
	}

	@Test
	void theInvokerCallsARowsMethodAsOneReturningAnObject() throws Throwable {
		Rows bean = new Rows();
		CallbackDeclaration declaration = declare(bean, "pools");
		CallbackInvoker invoker = CallbackInvoker.create(declaration.invocableMethod(), declaration.shape());
		Object rows = invoker.object(bean);
		assertThat(rows).isEqualTo(bean.pools());
		declaration.rowType().report(rows, this.observer, this.invalid::add);
		assertThat(this.observer.observed).hasSize(4);
	}

	@Test
	void aGetterThatThrowsEndsTheReportWithItsException() {
		CallbackDeclaration declaration = declare(new Rows(), "statuses");
		StatusCount failing = (StatusCount) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { StatusCount.class }, (proxy, method, arguments) -> {
					throw new IllegalStateException("no connection");
				});
		assertThatIllegalStateException()
			.isThrownBy(() -> declaration.rowType().report(List.of(failing), this.observer, this.invalid::add))
			.withMessage("no connection");
	}

	private void report(Object bean, String methodName, @Nullable Object rows) {
		CallbackDeclaration declaration = declare(bean, methodName);
		assertThat(declaration.rowType()).as("row type of %s", methodName).isNotNull();
		declaration.rowType().report(rows, this.observer, this.invalid::add);
	}

	private static CallbackDeclaration declare(Object bean, String methodName) {
		Method method = Arrays.stream(bean.getClass().getDeclaredMethods())
			.filter((candidate) -> candidate.getName().equals(methodName))
			.findFirst()
			.orElseThrow();
		return new DeclarationValidator(new StandardEnvironment()).declare(bean, "bean", method,
				AnnotatedElementUtils.findMergedRepeatableAnnotations(method, ObservableMetric.class));
	}

	private static StatusCount projection(String status, Long total) {
		return (StatusCount) Proxy.newProxyInstance(RowTypeTests.class.getClassLoader(),
				new Class<?>[] { StatusCount.class }, (proxy, method, arguments) -> switch (method.getName()) {
					case "getStatus" -> status;
					case "getTotal" -> total;
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

	/**
	 * Records what is observed as {@code name{key=value,...} value}.
	 */
	static final class Recorder implements MetricObserver {

		final List<String> observed = new ArrayList<>();

		@Override
		public void observe(double value, String... tagKeyValues) {
			observe("", value, tagKeyValues);
		}

		@Override
		public void observe(String metricName, double value, String... tagKeyValues) {
			List<String> tags = new ArrayList<>();
			for (int i = 0; i < tagKeyValues.length; i += 2) {
				tags.add(tagKeyValues[i] + "=" + tagKeyValues[i + 1]);
			}
			this.observed.add(metricName + "{" + String.join(",", tags) + "} " + value);
		}

	}

	enum Status {

		ACTIVE, PAUSED

	}

	record PoolRow(String pool, int active, int idle) {
	}

	record QueueRow(String queue, Status status, boolean paused, char shard, long size) {
	}

	record NumbersRow(String kind, Long longValue, BigInteger bigInteger, BigDecimal bigDecimal, Integer integer,
			Double doubleValue, AtomicLong atomic, short shortValue, float floatValue) {
	}

	record ResponseRow(int code, long count) {
	}

	record DatedRow(String pool, LocalDate since, int active) {
	}

	record BalanceRow(@Nullable String region, @Nullable Long balance) {
	}

	static final class AccountRow {

		private final String region;

		private final boolean enabled;

		private final BigDecimal balance;

		AccountRow(String region, boolean enabled, BigDecimal balance) {
			this.region = region;
			this.enabled = enabled;
			this.balance = balance;
		}

		public String getRegion() {
			return this.region;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public BigDecimal getBalance() {
			return this.balance;
		}

	}

	interface StatusCount {

		String getStatus();

		Long getTotal();

	}

	static class Rows {

		@ObservableMetric(name = "pool.active", value = "active")
		@ObservableMetric(name = "pool.idle", value = "idle")
		List<PoolRow> pools() {
			return List.of(new PoolRow("main", 3, 7), new PoolRow("batch", 1, 0));
		}

		@ObservableMetric(name = "queue.size")
		List<QueueRow> queues() {
			return List.of();
		}

		@ObservableMetric(name = "accounts.balance")
		List<AccountRow> accounts() {
			return List.of();
		}

		@ObservableMetric(name = "orders.by.status")
		List<StatusCount> statuses() {
			return List.of();
		}

		@ObservableMetric(name = "jobs", tagKey = "queue")
		Map<String, Long> jobsByQueue() {
			return Map.of();
		}

		@ObservableMetric(name = "n.long", value = "longValue", labels = "kind")
		@ObservableMetric(name = "n.big.integer", value = "bigInteger", labels = "kind")
		@ObservableMetric(name = "n.big.decimal", value = "bigDecimal")
		@ObservableMetric(name = "n.integer", value = "integer")
		@ObservableMetric(name = "n.double", value = "doubleValue")
		@ObservableMetric(name = "n.atomic", value = "atomic")
		@ObservableMetric(name = "n.short", value = "shortValue")
		@ObservableMetric(name = "n.float", value = "floatValue")
		List<NumbersRow> numbers() {
			return List.of();
		}

		@ObservableMetric(name = "http.responses", labels = "code")
		List<ResponseRow> responses() {
			return List.of();
		}

		@ObservableMetric(name = "dated.active", labels = "pool")
		List<DatedRow> dated() {
			return List.of();
		}

		@ObservableMetric(name = "balance")
		List<BalanceRow> balances() {
			return List.of();
		}

		@ObservableMetric(name = "sales", type = Type.COUNTER)
		@ObservableMetric(name = "sales.open", type = Type.UP_DOWN_COUNTER)
		List<BalanceRow> sales() {
			return List.of();
		}

		@ObservableMetric(name = "streamed")
		Stream<BalanceRow> streamed() {
			return Stream.empty();
		}

		@ObservableMetric(name = "iterable")
		Iterable<BalanceRow> iterable() {
			return List.of();
		}

	}

	static class AsyncRows {

		@ObservableMetric(name = "later.pool", value = "active")
		CompletableFuture<List<PoolRow>> future() {
			return CompletableFuture.completedFuture(List.of());
		}

		@ObservableMetric(name = "mono.pool", value = "active")
		Mono<List<PoolRow>> mono() {
			return Mono.just(List.of());
		}

		@ObservableMetric(name = "flux.pool", value = "idle")
		Flux<PoolRow> flux() {
			return Flux.empty();
		}

	}

}
