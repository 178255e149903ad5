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

package io.github.observablemetrics.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.observablemetrics.InvalidObservableMetricException;
import io.github.observablemetrics.ObservableMetricCallback;
import io.github.observablemetrics.ObservableMetricCallbackHolder;
import io.github.observablemetrics.internal.ObservedCallback.CallbackState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Turns declarations into registered callbacks with meters in the application's
 * {@link MeterRegistry}, removes them when their bean is destroyed or the context closes,
 * and runs the callbacks a scrape needs before the scrape reads the registry.
 * <p>
 * Once the context starts to close, no callback runs any more: a scrape arriving during
 * shutdown never calls into beans being destroyed.
 */
public final class ObservableMetricsRegistrar implements ObservableMetricCallbackHolder,
		ApplicationListener<ContextClosedEvent>, ApplicationContextAware, DisposableBean {

	/**
	 * How old a result may be before a read outside a Prometheus scrape (a push
	 * registry's publish, {@code /actuator/metrics/{name}}) runs the callback again: long
	 * enough for one publish to read every series of a callback from one run.
	 */
	static final long READ_COALESCING_NANOS = TimeUnit.SECONDS.toNanos(1);

	static final String SCRAPE_WAIT_METRIC = "observable.metrics.scrape.wait";

	private static final ObservedCallback[] NONE = new ObservedCallback[0];

	private final MeterRegistry registry;

	private final RegistryFilterCheck filterCheck;

	private final RegistrarSettings settings;

	private final DeclarationValidator validator;

	private final CallbackScheduler scheduler;

	private final ForeignMeterWarning foreignMeters;

	private final @Nullable Timer scrapeWait;

	private final Map<Object, List<ObservedCallback>> byBean = new IdentityHashMap<>();

	/**
	 * Every registered callback, guarded by this registrar.
	 */
	private final List<ObservedCallback> all = new ArrayList<>();

	/**
	 * The callbacks a scrape may run: those with at least one enabled metric.
	 */
	private volatile ObservedCallback[] callbacks = NONE;

	private final AtomicInteger scrapesInProgress = new AtomicInteger();

	private volatile boolean closed;

	private @Nullable ApplicationContext applicationContext;

	/**
	 * Creates a registrar.
	 * @param registry the registry meters go to; its filters may disable metrics
	 * @param settings the settings
	 * @param validator checks declarations before they are registered
	 */
	public ObservableMetricsRegistrar(MeterRegistry registry, RegistrarSettings settings,
			DeclarationValidator validator) {
		this.registry = registry;
		this.filterCheck = new RegistryFilterCheck(registry);
		this.settings = settings;
		this.validator = validator;
		this.scheduler = new CallbackScheduler(settings.callbackThreads());
		this.foreignMeters = ForeignMeterWarning.of(registry);
		this.scrapeWait = settings.selfMetrics() ? Timer.builder(SCRAPE_WAIT_METRIC)
			.description("Time scrapes waited for @ObservableMetric callbacks before reading the registry")
			.register(registry) : null;
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
		this.applicationContext = applicationContext;
	}

	/**
	 * Registers callbacks. Nothing runs them now: their meters appear when a read first
	 * runs them.
	 * @param declarations the declarations
	 * @param atStartup whether these are the declarations of the beans created at
	 * start-up, against which the per-metric settings are checked
	 * @throws InvalidObservableMetricException when the declarations clash with each
	 * other, with registered ones or with meters in the registry
	 */
	public synchronized void register(List<CallbackDeclaration> declarations, boolean atStartup) {
		if (this.closed) {
			return;
		}
		this.validator.checkTogether(declarations, registered(), this.registry,
				atStartup ? this.settings.metrics().keySet() : Set.of());
		List<ObservedCallback> created = new ArrayList<>(declarations.size());
		for (CallbackDeclaration declaration : declarations) {
			ObservedCallback callback = new ObservedCallback(declaration, this, this.registry,
					this.settings.timeoutOf(declaration), this.settings.cacheForOf(declaration),
					this.settings.maxSeriesPerMetric(), this.settings.selfMetrics(), this::isDisabled);
			this.byBean.computeIfAbsent(declaration.bean(), (bean) -> new ArrayList<>()).add(callback);
			this.foreignMeters.declare(declaration);
			created.add(callback);
		}
		created.forEach(ObservedCallback::registerMeters);
		this.all.addAll(created);
		this.callbacks = enabled(this.all);
	}

	/**
	 * Removes the callbacks of a bean and their meters, and never runs them again.
	 * @param bean the bean being destroyed
	 */
	public synchronized void unregister(Object bean) {
		List<ObservedCallback> removed = this.byBean.remove(bean);
		if (removed == null) {
			return;
		}
		for (ObservedCallback callback : removed) {
			callback.close();
			this.foreignMeters.forget(callback.declaration);
		}
		this.all.removeAll(removed);
		this.callbacks = enabled(this.all);
	}

	/**
	 * Whether the registry denies a metric, whatever filter denies it. A callback whose
	 * metrics are all disabled never runs.
	 */
	private boolean isDisabled(MetricDeclaration metric) {
		return this.filterCheck.denies(metric);
	}

	/**
	 * Runs a scrape: first the callbacks it needs, then the read itself.
	 * @param <T> the scrape result
	 * @param needed which callbacks the scrape needs, {@code null} for all
	 * @param read the read of the registry
	 * @return the scrape result
	 */
	public <T> T scrape(@Nullable Predicate<ObservedCallback> needed, Supplier<T> read) {
		long start = System.nanoTime();
		this.scrapesInProgress.incrementAndGet();
		try {
			if (!this.closed) {
				ObservedCallback[] all = this.callbacks;
				if (needed == null) {
					this.scheduler.refresh(all, all.length, start);
				}
				else {
					ObservedCallback[] selected = Arrays.stream(all).filter(needed).toArray(ObservedCallback[]::new);
					this.scheduler.refresh(selected, selected.length, start);
				}
				if (this.scrapeWait != null) {
					this.scrapeWait.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
				}
			}
			return read.get();
		}
		finally {
			this.scrapesInProgress.decrementAndGet();
		}
	}

	/**
	 * Whether a scrape is under way, which has run the callbacks it needs before it reads
	 * the meters.
	 */
	boolean isScraping() {
		return this.scrapesInProgress.get() > 0;
	}

	/**
	 * Called when a meter is read: outside a scrape, which has run what it needs, a stale
	 * callback runs before its value is returned.
	 */
	void refreshIfStale(ObservedCallback callback) {
		if (isScraping() || this.closed || CallbackScheduler.isCallbackThread()) {
			return;
		}
		long now = System.nanoTime();
		if (callback.isStale(now, READ_COALESCING_NANOS)) {
			this.scheduler.refresh(new ObservedCallback[] { callback }, 1, now);
		}
	}

	/**
	 * What every callback did last, for the actuator endpoint.
	 * @return one state per callback
	 */
	public synchronized List<CallbackState> states() {
		return this.all.stream().map(ObservedCallback::state).toList();
	}

	@Override
	public List<ObservableMetricCallback> getObservableMetricCallbacks() {
		return states().stream().map(CallbackDescriptions::describe).toList();
	}

	/**
	 * How many threads run callbacks now.
	 * @return the number of threads
	 */
	public int callbackThreads() {
		return this.scheduler.activeThreads();
	}

	private Collection<CallbackDeclaration> registered() {
		return this.all.stream().map((callback) -> callback.declaration).toList();
	}

	private static ObservedCallback[] enabled(List<ObservedCallback> callbacks) {
		return callbacks.stream().filter(ObservedCallback::isEnabled).toArray(ObservedCallback[]::new);
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() == this.applicationContext) {
			close();
		}
	}

	@Override
	public void destroy() {
		close();
	}

	/**
	 * Stops every callback and removes every meter this registrar registered.
	 */
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		for (ObservedCallback callback : this.all) {
			callback.close();
			this.foreignMeters.forget(callback.declaration);
		}
		this.all.clear();
		this.callbacks = NONE;
		this.byBean.clear();
		if (this.scrapeWait != null) {
			this.registry.remove(this.scrapeWait);
		}
		this.scheduler.shutdown();
	}

}
