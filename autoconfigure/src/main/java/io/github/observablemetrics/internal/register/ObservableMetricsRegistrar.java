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

package io.github.observablemetrics.internal.register;

import io.github.observablemetrics.internal.declare.CallbackDeclaration;
import io.github.observablemetrics.internal.report.CallbackDescriptions;
import io.github.observablemetrics.internal.report.CallbackState;
import io.github.observablemetrics.internal.validate.DeclarationValidator;
import io.github.observablemetrics.internal.declare.ExportedNames;
import io.github.observablemetrics.internal.result.FoldedMeters;
import io.github.observablemetrics.internal.declare.MetricDeclaration;
import io.github.observablemetrics.internal.run.ObservedCallback;
import io.github.observablemetrics.internal.result.PublicationLock;
import io.github.observablemetrics.internal.run.Read;
import io.github.observablemetrics.internal.run.Run;
import io.github.observablemetrics.internal.run.RunExecutor;
import io.github.observablemetrics.internal.report.SelfMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

	private final RunExecutor executor;

	/**
	 * What the contexts that register in the same registry share.
	 */
	private final SharedRegistry shared;

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
		this.executor = new RunExecutor(settings.callbackThreads(), settings.virtualThreads());
		this.shared = SharedRegistry.join(registry, this);
		this.folds = new FoldedMeters(registry);
		this.uniformTagKeys = !ExportedNames.of(registry).acceptDifferentTagKeys();
		this.selfMetrics = settings.selfMetrics() ? new SelfMetrics(registry, settings.callbackTimeout(),
				settings.selfMetricsCallbacks(), this::refreshSharedRegistry) : null;
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
			ObservedCallback callback = new ObservedCallback(declaration, this.registry, this.folds, this.shared.lock,
					this::refreshStale, this.settings.timeoutOf(declaration), this.settings.cacheForOf(declaration),
					this.settings.maxSeriesPerMetric(), this.uniformTagKeys, this::isDisabled, this.selfMetrics);
			this.byBean.computeIfAbsent(declaration.bean(), (bean) -> new ArrayList<>()).add(callback);
			this.shared.foreignMeters.declare(callback.declaration);
			created.add(callback);
		}
		for (ObservedCallback callback : created) {
			callback.registerMeters();
			if (!callback.isEnabled()) {
				callback.disabledBy(this.settings.disabledBy(callback.declaration.metrics().get(0).name()));
			}
		}
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
		closeAll(removed);
		this.all.removeAll(removed);
		this.callbacks = enabled(this.all);
	}

	/**
	 * Closes callbacks, every one stopped before any run is cancelled: a cancelled run
	 * gives its permit back, which would otherwise start a queued run of a callback not
	 * closed yet.
	 */
	private void closeAll(List<ObservedCallback> callbacks) {
		callbacks.forEach(ObservedCallback::stop);
		for (ObservedCallback callback : callbacks) {
			callback.close();
			this.shared.foreignMeters.forget(callback.declaration);
		}
	}

	/**
	 * Whether the registry denies a metric, whatever filter denies it. A callback whose
	 * metrics are all disabled never runs.
	 */
	private boolean isDisabled(MetricDeclaration metric) {
		return this.filterCheck.denies(metric);
	}

	/**
	 * Runs a scrape with no deadline of its own: each callback is waited for at most its
	 * timeout.
	 * @param <T> the scrape result
	 * @param needed which callbacks the scrape needs, {@code null} for all
	 * @param read the read of the registry
	 * @return the scrape result
	 */
	public <T> T scrape(@Nullable Predicate<ObservedCallback> needed, Supplier<T> read) {
		return scrape(needed, Run.NO_DEADLINE, read);
	}

	/**
	 * Runs a scrape: first the callbacks it needs, then the read itself, under the
	 * {@link PublicationLock}'s read lock, so that it sees one whole result of each
	 * callback.
	 * @param <T> the scrape result
	 * @param needed which callbacks the scrape needs, {@code null} for all
	 * @param deadline when the scrape stops waiting for callbacks
	 * ({@link System#nanoTime()}), or {@link Run#NO_DEADLINE}
	 * @param read the read of the registry
	 * @return the scrape result
	 */
	public <T> T scrape(@Nullable Predicate<ObservedCallback> needed, long deadline, Supplier<T> read) {
		// a scrape made from a callback reads what is published: it never waits for
		// itself
		if (mayWaitForCallbacks()) {
			Read runs = new Read(true);
			// every context whose callbacks publish to this registry, a child's included
			for (ObservableMetricsRegistrar registrar : this.shared.registrars) {
				registrar.start(needed, runs);
			}
			runs.await(deadline);
			if (this.selfMetrics != null) {
				this.selfMetrics.scrapeWait.record(System.nanoTime() - runs.start(), TimeUnit.NANOSECONDS);
			}
		}
		return this.shared.lock.read(read);
	}

	/**
	 * Whether the current thread may run callbacks and wait for them: the one home of
	 * that rule. A thread that runs a callback may not, so that no callback ever waits
	 * for itself; it reads what is published.
	 */
	private boolean mayWaitForCallbacks() {
		return !this.closed && !RunExecutor.isCallbackThread();
	}

	private void start(@Nullable Predicate<ObservedCallback> needed, Read runs) {
		if (this.closed) {
			return;
		}
		ObservedCallback[] all = this.callbacks;
		runs.start((needed != null) ? Arrays.stream(all).filter(needed).toArray(ObservedCallback[]::new) : all,
				this.executor);
	}

	/**
	 * Outside a Prometheus scrape: a read found a stale result, so every stale callback
	 * of the context runs, side by side in one batch, and the read waits for them. A read
	 * from a callback, or from a scrape's read of the registry, runs none.
	 */
	private void refreshStale() {
		// a scrape's read of a meter runs nothing: the scrape ran what it needs first
		if (!mayWaitForCallbacks() || this.shared.lock.isReading()) {
			return;
		}
		long now = System.nanoTime();
		ObservedCallback[] stale = Arrays.stream(this.callbacks)
			.filter((callback) -> callback.isStale(now))
			.toArray(ObservedCallback[]::new);
		if (stale.length > 0) {
			Read read = new Read(false);
			read.start(stale, this.executor);
			read.await(Run.NO_DEADLINE);
		}
	}

	/**
	 * Brings every stale callback of every context that registers in the registry up to
	 * date: what a push registry's read of the application-wide timeout gauge does, so
	 * that observer methods with no series yet, whose meters no read can reach, run too.
	 */
	private void refreshSharedRegistry() {
		for (ObservableMetricsRegistrar registrar : this.shared.registrars) {
			registrar.refreshStale();
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
		return this.executor.activeThreads();
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
	 * Stops every callback and removes every meter this registrar registered: no run
	 * starts from now on, queued runs are cancelled, the readers of runs in flight are
	 * released, and the threads inside callbacks are interrupted. Does not wait for
	 * callbacks that hang.
	 */
	public void close() {
		List<ObservedCallback> closing;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			closing = List.copyOf(this.all);
			this.all.clear();
			this.callbacks = NONE;
			this.byBean.clear();
		}
		boolean last = this.shared.leave(this);
		closeAll(closing);
		this.executor.close();
		if (this.selfMetrics != null && last) {
			// the application-wide meters are one per registry: the registry returns the
			// same meters to the registrar of every context that registers in it
			this.selfMetrics.remove();
		}
	}

}
