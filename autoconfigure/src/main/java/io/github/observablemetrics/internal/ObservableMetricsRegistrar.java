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
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.observablemetrics.InvalidObservableMetricException;
import io.github.observablemetrics.ObservableMetricCallback;
import io.github.observablemetrics.ObservableMetricCallbackHolder;
import io.micrometer.core.instrument.MeterRegistry;
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

	private static final ObservedCallback[] NONE = new ObservedCallback[0];

	private final MeterRegistry registry;

	private final RegistryFilterCheck filterCheck;

	private final RegistrarSettings settings;

	private final DeclarationValidator validator;

	private final CallbackRunner runner;

	private final ForeignMeterWarning foreignMeters;

	private final FoldedMeters folds;

	/**
	 * Whether every series of a name must have the same tag keys, as the Prometheus
	 * registry of the older lines requires.
	 */
	private final boolean uniformTagKeys;

	private final @Nullable SelfMetrics selfMetrics;

	private final Map<Object, List<ObservedCallback>> byBean = new IdentityHashMap<>();

	/**
	 * Every registered callback, guarded by this registrar.
	 */
	private final List<ObservedCallback> all = new ArrayList<>();

	/**
	 * The callbacks a scrape may run: those with at least one enabled metric.
	 */
	private volatile ObservedCallback[] callbacks = NONE;

	/**
	 * The registrars of every open context by the registry they register in: a scrape of
	 * a registry runs the callbacks of a parent context and of its children alike.
	 */
	private static final Map<MeterRegistry, Set<ObservableMetricsRegistrar>> registrars = Collections
		.synchronizedMap(new WeakHashMap<>());

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
		this.runner = new CallbackRunner(new CallbackExecutor(settings.callbackThreads(), settings.virtualThreads()));
		registrars.computeIfAbsent(registry, (key) -> new CopyOnWriteArraySet<>()).add(this);
		this.foreignMeters = ForeignMeterWarning.of(registry);
		this.folds = new FoldedMeters(registry);
		this.uniformTagKeys = !ExportedNames.of(registry).acceptDifferentTagKeys();
		this.selfMetrics = settings.selfMetrics() ? new SelfMetrics(registry, settings.callbackTimeout(),
				settings.selfMetricsCallbacks(), () -> runUnobserved(registry)) : null;
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
		this.validator.checkTogether(declarations, registered(), this.registry, this.settings.metrics().keySet(),
				atStartup);
		List<ObservedCallback> created = new ArrayList<>(declarations.size());
		for (CallbackDeclaration declaration : declarations) {
			ObservedCallback callback = new ObservedCallback(declaration, this.registry, this.folds, this.runner,
					this.settings.timeoutOf(declaration), this.settings.cacheForOf(declaration),
					this.settings.maxSeriesPerMetric(), this.uniformTagKeys, this::isDisabled, this.selfMetrics);
			this.byBean.computeIfAbsent(declaration.bean(), (bean) -> new ArrayList<>()).add(callback);
			this.foreignMeters.declare(callback.declaration);
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
	 * Runs a scrape: first the callbacks it needs, then the read itself, which sees one
	 * result of each callback.
	 * @param <T> the scrape result
	 * @param needed which callbacks the scrape needs, {@code null} for all
	 * @param read the read of the registry
	 * @return the scrape result
	 */
	public <T> T scrape(@Nullable Predicate<ObservedCallback> needed, Supplier<T> read) {
		return scrape(needed, CallbackRun.NO_DEADLINE, read);
	}

	/**
	 * Runs a scrape that must end by a deadline: it waits for callbacks at most until
	 * then, and callbacks still running are reported as timed out.
	 * @param <T> the scrape result
	 * @param needed which callbacks the scrape needs, {@code null} for all
	 * @param deadline when the scrape stops waiting for callbacks
	 * ({@link System#nanoTime()}), or {@link CallbackRun#NO_DEADLINE}
	 * @param read the read of the registry
	 * @return the scrape result
	 */
	public <T> T scrape(@Nullable Predicate<ObservedCallback> needed, long deadline, Supplier<T> read) {
		if (!this.closed) {
			long start = System.nanoTime();
			CallbackRunner.Read runs = new CallbackRunner.Read();
			// every context whose callbacks publish to this registry, a child's included
			for (ObservableMetricsRegistrar registrar : registrarsOf(this.registry)) {
				registrar.start(needed, start, runs);
			}
			runs.await(deadline);
			if (this.selfMetrics != null) {
				this.selfMetrics.scrapeWait.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			}
		}
		return ScrapeView.read(read);
	}

	private void start(@Nullable Predicate<ObservedCallback> needed, long start, CallbackRunner.Read runs) {
		if (this.closed) {
			return;
		}
		ObservedCallback[] all = this.callbacks;
		this.runner.start((needed != null) ? Arrays.stream(all).filter(needed).toArray(ObservedCallback[]::new) : all,
				start, runs);
	}

	/**
	 * Outside a scrape, runs the observer methods that have no series yet and whose last
	 * result is stale, which no read of a meter would run otherwise, of every context
	 * that registers in the registry.
	 */
	private static void runUnobserved(MeterRegistry registry) {
		if (ScrapeView.current() != null || CallbackExecutor.isCallbackThread()) {
			return;
		}
		for (ObservableMetricsRegistrar registrar : registrarsOf(registry)) {
			if (!registrar.closed) {
				registrar.runner.refreshIfStale(Arrays.stream(registrar.callbacks)
					.filter(ObservedCallback::hasNoSeries)
					.toArray(ObservedCallback[]::new));
			}
		}
	}

	private static Set<ObservableMetricsRegistrar> registrarsOf(MeterRegistry registry) {
		Set<ObservableMetricsRegistrar> open = registrars.get(registry);
		return (open != null) ? open : Set.of();
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
		return this.runner.activeThreads();
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
		boolean[] last = { true };
		registrars.computeIfPresent(this.registry, (key, open) -> {
			open.remove(this);
			last[0] = open.isEmpty();
			return last[0] ? null : open;
		});
		for (ObservedCallback callback : this.all) {
			callback.close();
			this.foreignMeters.forget(callback.declaration);
		}
		this.all.clear();
		this.callbacks = NONE;
		this.byBean.clear();
		if (this.selfMetrics != null && last[0]) {
			// the application-wide meters are one per registry: the registry returns the
			// same meters to the registrar of every context that registers in it
			this.selfMetrics.remove();
		}
		this.runner.shutdown();
	}

}
