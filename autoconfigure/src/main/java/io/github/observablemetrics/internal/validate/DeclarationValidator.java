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

package io.github.observablemetrics.internal.validate;

import io.github.observablemetrics.internal.declare.CallbackDeclaration;
import io.github.observablemetrics.internal.declare.Declarations;
import io.github.observablemetrics.internal.declare.ExportedNames;
import io.github.observablemetrics.internal.declare.MetricDeclaration;
import io.github.observablemetrics.internal.declare.ReturnTypes;
import io.github.observablemetrics.internal.run.RowType;
import io.github.observablemetrics.internal.declare.TagRules;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.observablemetrics.InvalidObservableMetricException;
import io.github.observablemetrics.MetricObserver;
import io.github.observablemetrics.ObservableMetric;
import io.github.observablemetrics.TimerTotals;
import io.github.observablemetrics.internal.declare.CallbackDeclaration.Shape;
import io.github.observablemetrics.InvalidObservableMetricException.Problem;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Every check of {@link ObservableMetric} declarations, in one place. A method is checked
 * on its own when its bean is discovered; the declarations of the whole application are
 * checked together, and against the meters already in the registry, before they are
 * registered.
 */
public final class DeclarationValidator {

	/**
	 * What a metric name looks like: Micrometer's dot notation, letters first.
	 */
	static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]*([.-][a-zA-Z0-9_]+)*");

	/**
	 * The prefix of the per-metric settings.
	 */
	private static final ConfigurationPropertyName METRICS = ConfigurationPropertyName.of("observable-metrics.metrics");

	/**
	 * The per-metric properties by the uniform form of their names, in which Spring Boot
	 * compares them ({@code cacheFor}, {@code cache_for} and {@code cache-for} alike).
	 */
	/**
	 * The properties a metric may have under {@code observable-metrics.metrics[<name>]}.
	 */
	public static final List<String> PER_METRIC_PROPERTIES = List.of("callback-timeout", "cache-for");

	private static final Map<String, String> METRIC_PROPERTIES = PER_METRIC_PROPERTIES.stream()
		.collect(Collectors.toMap((property) -> ConfigurationPropertyName.of(property).getLastElement(Form.UNIFORM),
				(property) -> property));

	/**
	 * What Spring needs to call a Kotlin {@code suspend} function:
	 * kotlinx-coroutines-reactor and kotlin-reflect.
	 */
	private static final String COROUTINES_REACTOR = "kotlinx.coroutines.reactor.MonoKt";

	private static final String KOTLIN_REFLECT = "kotlin.reflect.full.KClasses";

	private static final Set<Class<?>> PRIMITIVE_NUMBERS = Set.of(double.class, float.class, long.class, int.class,
			short.class, byte.class, boolean.class);

	private static final String SAME_EXPORTED_NAME_ACTION = "Give the metrics names that still differ once exported:"
			+ " names that differ only in punctuation, in a suffix Prometheus reserves (_total, _created, _bucket, _info)"
			+ " or in their unit (a.b in bytes and a.b.bytes) export alike.";

	private final Environment environment;

	private final MeterBinders binders;

	/**
	 * Problems deferred to the check of the start-up declarations together.
	 */
	private final List<Problem> deferred = new ArrayList<>();

	/**
	 * Creates a validator that knows of no meter binders.
	 * @param environment resolves {@code ${...}} in tags and holds the per-metric
	 * properties
	 */
	public DeclarationValidator(Environment environment) {
		this(environment, null);
	}

	/**
	 * Creates a validator.
	 * @param environment resolves {@code ${...}} in tags and holds the per-metric
	 * properties
	 * @param beans where to look for the {@code MeterBinder} that registered a meter a
	 * declared metric clashes with, or {@code null}
	 */
	public DeclarationValidator(Environment environment, @Nullable ListableBeanFactory beans) {
		this.environment = environment;
		this.binders = new MeterBinders(beans);
	}

	/**
	 * Checks one annotated method and turns it into a declaration.
	 * @param bean the bean instance
	 * @param beanName the bean name
	 * @param method the annotated method of the bean's target class
	 * @param annotations its annotations, at least one
	 * @return the declaration
	 * @throws InvalidObservableMetricException when the method or an annotation is wrong
	 */
	public CallbackDeclaration declare(Object bean, String beanName, Method method,
			Collection<ObservableMetric> annotations) {
		List<Problem> problems = new ArrayList<>();
		CallbackDeclaration declaration = check(bean, beanName, method, annotations, problems);
		if (!problems.isEmpty()) {
			throw new InvalidObservableMetricException(problems);
		}
		return declaration;
	}

	/**
	 * Checks one annotated method and turns it into a declaration, adding what is wrong
	 * to the given problems rather than throwing. A declaration with problems holds the
	 * metrics whose names are valid, so that the checks of all declarations together can
	 * still find the clashes it takes part in; it must never be registered.
	 * @param bean the bean instance
	 * @param beanName the bean name
	 * @param method the annotated method of the bean's target class
	 * @param annotations its annotations, at least one
	 * @param problems what is wrong, added to
	 * @return the declaration, only for the checks together when problems were added
	 */
	public CallbackDeclaration check(Object bean, String beanName, Method method,
			Collection<ObservableMetric> annotations, List<Problem> problems) {
		String where = Declarations.describe(method, beanName);
		int before = problems.size();
		Shape shape = checkShape(method, annotations, where, problems);
		List<MetricDeclaration> metrics = new ArrayList<>();
		Set<String> names = new LinkedHashSet<>();
		for (ObservableMetric annotation : annotations) {
			MetricDeclaration metric = checkMetric(annotation, method, where, problems);
			checkRowColumns(annotation, shape, where, problems);
			if (metric != null && shape.returnsRows()) {
				metric = metric.withRowColumns(annotation);
			}
			if (metric != null && !names.add(metric.name())) {
				problems.add(new Problem(where, "declares the metric '" + metric.name() + "' twice.",
						"Declare each metric once per method."));
			}
			else if (metric != null) {
				metrics.add(metric);
			}
		}
		RowType rowType = null;
		if (problems.size() == before && shape.returnsRows()) {
			rowType = RowType.resolve(method, metrics,
					(what, action) -> problems.add(new Problem(where, what, action)));
		}
		Method invocable = method;
		if (problems.size() == before) {
			try {
				invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			}
			catch (IllegalStateException ex) {
				problems.add(notInvocable(bean, method, where));
			}
		}
		return CallbackDeclaration.of(beanName, bean, method, invocable, shape, List.copyOf(metrics), rowType);
	}

	/**
	 * Why an annotated method cannot be called through the bean's proxy, and the fix for
	 * that proxy: a JDK proxy exposes only its interfaces' methods, a class proxy cannot
	 * delegate a private method.
	 */
	private static Problem notInvocable(Object bean, Method method, String where) {
		if (AopUtils.isJdkDynamicProxy(bean)) {
			String interfaces = Arrays.stream(AopProxyUtils.proxiedUserInterfaces(bean))
				.map(ClassUtils::getQualifiedName)
				.collect(Collectors.joining(", "));
			return new Problem(where,
					"cannot be called on the bean: the bean is a JDK proxy, which exposes only the methods of its interfaces ("
							+ interfaces + "), and the method is not declared on any of them.",
					(Modifier.isPrivate(method.getModifiers()) ? "Make the method public and declare it"
							: "Declare the method") + " on one of the interfaces " + interfaces
							+ ", or proxy the class instead (spring.aop.proxy-target-class=true, or @EnableAspectJAutoProxy(proxyTargetClass = true))"
							+ (Modifier.isPrivate(method.getModifiers()) ? " and make the method non-private." : "."));
		}
		return new Problem(where,
				"cannot be called on the bean: the bean is a class proxy, which cannot delegate a private method to its target.",
				"Make the method protected, package-private or public, so that the proxy can delegate it.");
	}

	/**
	 * Reports that a bean which is not a singleton declares metrics.
	 * @param beanName the bean name
	 * @param scope the bean's scope
	 * @param methods its annotated methods
	 * @return the exception to throw
	 */
	public InvalidObservableMetricException notASingleton(String beanName, String scope, Collection<Method> methods) {
		return new InvalidObservableMetricException(methods.stream()
			.map((method) -> new Problem(Declarations.describe(method, beanName), "is declared on a bean of scope '"
					+ (StringUtils.hasText(scope) ? scope : "prototype")
					+ "'; a scrape must call exactly one instance, so only singleton beans can declare metrics.",
					"Move the method to a singleton bean that reads the scoped state, or make the bean a singleton."))
			.toList());
	}

	/**
	 * Keeps the problems that declarations of the start-up beans have on their own, so
	 * that the check of the start-up declarations together reports them with its own in
	 * one failure, rather than stop start-up before any clash between declarations is
	 * found. The post-processor that found them and the registrar that checks together
	 * share this validator.
	 * @param problems the problems
	 * @see #throwDeferred()
	 */
	public void defer(Collection<Problem> problems) {
		synchronized (this.deferred) {
			this.deferred.addAll(problems);
		}
	}

	/**
	 * Throws the deferred problems that no check of the start-up declarations reported,
	 * as when there was no registrar to register them.
	 * @throws InvalidObservableMetricException when problems were deferred
	 */
	public void throwDeferred() {
		List<Problem> problems = takeDeferred();
		if (!problems.isEmpty()) {
			throw new InvalidObservableMetricException(problems);
		}
	}

	private List<Problem> takeDeferred() {
		synchronized (this.deferred) {
			List<Problem> problems = List.copyOf(this.deferred);
			this.deferred.clear();
			return problems;
		}
	}

	/**
	 * Checks the declarations of the application together: unique metrics, unique
	 * exported names, no clash with meters already in the registry and, at start-up,
	 * per-metric settings that name declared metrics. At start-up the deferred problems
	 * are reported with these, and the declarations include those that have problems of
	 * their own.
	 * @param declarations the declarations to register
	 * @param registered the declarations registered before
	 * @param registry the registry they go to
	 * @param configuredMetrics the metric names under {@code observable-metrics.metrics}
	 * @param atStartup whether these are the declarations of the beans created at
	 * start-up
	 * @throws InvalidObservableMetricException when anything clashes or was deferred
	 */
	public void checkTogether(List<CallbackDeclaration> declarations, Collection<CallbackDeclaration> registered,
			MeterRegistry registry, Set<String> configuredMetrics, boolean atStartup) {
		List<Problem> problems = new ArrayList<>(atStartup ? takeDeferred() : List.of());
		ExportedNames naming = ExportedNames.of(registry);
		Map<String, CallbackDeclaration> owners = new HashMap<>();
		Map<String, MetricDeclaration> exportOwners = new HashMap<>();
		for (CallbackDeclaration declaration : registered) {
			for (MetricDeclaration metric : declaration.metrics()) {
				owners.put(metric.name(), declaration);
				naming.of(metric).keySet().forEach((key) -> exportOwners.put(key, metric));
			}
		}
		Map<String, Meter> foreignMeters = foreignMeters(registry, naming, owners.keySet());
		Map<String, CallbackDeclaration> ids = new HashMap<>();
		registered.forEach((declaration) -> ids.put(declaration.id(), declaration));
		for (CallbackDeclaration declaration : declarations) {
			CallbackDeclaration namesake = ids.putIfAbsent(declaration.id(), declaration);
			if (namesake != null) {
				problems.add(new Problem(declaration.describe(),
						"has the same callback name '" + declaration.id() + "' as " + namesake.describe()
								+ "; the self-metrics tell callbacks apart by that name.",
						"Rename one of the two methods."));
			}
			for (MetricDeclaration metric : declaration.metrics()) {
				CallbackDeclaration owner = owners.putIfAbsent(metric.name(), declaration);
				if (owner != null) {
					problems.add(new Problem(declaration.describe(),
							"declares the metric '" + metric.name() + "', which " + owner.describe()
									+ " declares already.",
							"Give one of the metrics another name, or report both from one method with a MetricObserver."));
					continue;
				}
				if (!checkExportedNames(declaration, metric, naming, exportOwners, owners, foreignMeters, this.binders,
						problems)) {
					continue;
				}
				checkAgainstRegistry(declaration, metric, registry, naming, this.binders, problems);
			}
		}
		if (atStartup) {
			checkMetricSettings(configuredMetrics, owners.keySet(), problems);
		}
		if (!problems.isEmpty()) {
			throw new InvalidObservableMetricException(problems);
		}
	}

	/**
	 * Checks that every per-metric setting names a declared metric and a per-metric
	 * property. Spring Boot binds a metric name with dots only in brackets, and ignores
	 * what it cannot bind: the property names in the Environment show what it ignored.
	 */
	private void checkMetricSettings(Set<String> configuredMetrics, Set<String> declared, List<Problem> problems) {
		Set<String> unbracketed = checkMetricPropertyNames(declared, problems);
		for (String configured : configuredMetrics) {
			if (!declared.contains(configured) && !unbracketed.contains(configured)) {
				problems.add(new Problem("property 'observable-metrics.metrics[" + configured + "]'",
						"configures the metric '" + configured + "', but no @ObservableMetric declares it"
								+ similarNames(configured, declared) + ".",
						"Name a declared metric; a name with dots goes in brackets: observable-metrics.metrics[orders.queue.size].cache-for=10s."));
			}
		}
	}

	/**
	 * Checks the names of the properties under {@code observable-metrics.metrics} as the
	 * property sources hold them, before Spring Boot binds them: an entry that names a
	 * metric with dots without brackets, or no per-metric property, binds to nothing.
	 * Environment variables are left out: their names have neither brackets nor dots.
	 * @return the map keys Spring Boot binds from names without brackets, reported here
	 */
	private Set<String> checkMetricPropertyNames(Set<String> declared, List<Problem> problems) {
		Set<String> boundKeys = new HashSet<>();
		if (!(this.environment instanceof ConfigurableEnvironment)) {
			return boundKeys;
		}
		Set<String> seen = new HashSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)
					|| source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource) {
				continue;
			}
			iterable.stream().filter(METRICS::isAncestorOf).forEach((name) -> {
				if (seen.add(name.toString())) {
					Problem problem = checkMetricPropertyName(name, declared);
					if (problem != null) {
						problems.add(problem);
						boundKeys.add(name.getElement(METRICS.getNumberOfElements(), Form.ORIGINAL));
					}
				}
			});
		}
		return boundKeys;
	}

	private static @Nullable Problem checkMetricPropertyName(ConfigurationPropertyName name, Set<String> declared) {
		int first = METRICS.getNumberOfElements();
		int last = name.getNumberOfElements() - 1;
		String property = (last > first) ? METRIC_PROPERTIES.get(name.getElement(last, Form.UNIFORM)) : null;
		boolean knownProperty = property != null;
		if (knownProperty && last == first + 1) {
			return null;
		}
		String where = "property '" + name + "'";
		List<String> parts = new ArrayList<>();
		for (int i = first; i < (knownProperty ? last : name.getNumberOfElements()); i++) {
			parts.add(name.getElement(i, Form.ORIGINAL));
		}
		String metric = String.join(".", parts);
		if (knownProperty) {
			return new Problem(where,
					"configures the metric '" + metric
							+ "' without brackets, so Spring Boot binds it to no metric and ignores the setting"
							+ (declared.contains(metric) ? ""
									: "; no @ObservableMetric declares a metric of that name either"
											+ similarNames(metric, declared))
							+ ".",
					"Put a metric name with dots in brackets: did you mean " + METRICS + "[" + metric + "]." + property
							+ "? (In YAML, \"[" + metric + "]\":)");
		}
		return new Problem(where, "is no per-metric property, so Spring Boot binds it to nothing.",
				"Name a declared metric in brackets and one of the properties "
						+ String.join(", ", PER_METRIC_PROPERTIES) + ": " + METRICS
						+ "[orders.queue.size].cache-for=10s.");
	}

	private static String similarNames(String configured, Set<String> declared) {
		List<String> similar = declared.stream()
			.filter((name) -> name.startsWith(configured) || configured.startsWith(name))
			.sorted()
			.toList();
		return similar.isEmpty() ? "" : " (did you mean " + String.join(", ", similar) + "?)";
	}

	/**
	 * The meters in the registry that no registered declaration owns (registered by hand,
	 * by a binder or by another context), by the keys of their exported names.
	 */
	private static Map<String, Meter> foreignMeters(MeterRegistry registry, ExportedNames naming,
			Set<String> ownNames) {
		Map<String, Meter> foreign = new HashMap<>();
		for (Meter meter : registry.getMeters()) {
			if (!ownNames.contains(meter.getId().getName())) {
				naming.of(meter.getId()).keySet().forEach((key) -> foreign.putIfAbsent(key, meter));
			}
		}
		return foreign;
	}

	/**
	 * Checks that no other declared metric and no other meter of another name is exported
	 * under one of the metric's names.
	 * @return whether the metric passed
	 */
	private static boolean checkExportedNames(CallbackDeclaration declaration, MetricDeclaration metric,
			ExportedNames naming, Map<String, MetricDeclaration> exportOwners, Map<String, CallbackDeclaration> owners,
			Map<String, Meter> foreignMeters, MeterBinders binders, List<Problem> problems) {
		for (Map.Entry<String, String> exported : naming.of(metric).entrySet()) {
			MetricDeclaration sibling = exportOwners.putIfAbsent(exported.getKey(), metric);
			if (sibling != null && sibling != metric) {
				problems.add(new Problem(declaration.describe(),
						"declares the " + metric.type() + " '" + metric.name() + "', which the registry exports as '"
								+ exported.getValue() + "' like the " + sibling.type() + " '" + sibling.name()
								+ "' declared by " + owners.get(sibling.name()).describe() + ".",
						SAME_EXPORTED_NAME_ACTION));
				return false;
			}
			Meter meter = foreignMeters.get(exported.getKey());
			if (meter != null && !meter.getId().getName().equals(metric.name())) {
				MeterBinders.Binder binder = binders.find(meter.getId().getName());
				problems.add(new Problem(declaration.describe(),
						"declares the " + metric.type() + " '" + metric.name() + "', which the registry exports as '"
								+ exported.getValue() + "' like the " + meter.getId().getType() + " '"
								+ meter.getId().getName() + "' that "
								+ ((binder != null) ? binder.describe() : "the application or a meter binder")
								+ " registered in the MeterRegistry.",
						SAME_EXPORTED_NAME_ACTION + ((binder != null)
								? " Or, if the application does without that binder's meters, " + binder.removal() + "."
								: "")));
				return false;
			}
		}
		return true;
	}

	/**
	 * Checks a metric against the meters of the same name already in the registry. One
	 * name with other tag keys is accepted where every registry in use accepts it.
	 */
	private static void checkAgainstRegistry(CallbackDeclaration declaration, MetricDeclaration metric,
			MeterRegistry registry, ExportedNames naming, MeterBinders binders, List<Problem> problems) {
		Collection<Meter> existing = registry.find(metric.name()).meters();
		if (existing.isEmpty()) {
			return;
		}
		Meter meter = existing.iterator().next();
		Meter.Id id = meter.getId();
		Set<String> existingKeys = id.getTags()
			.stream()
			.map(Tag::getKey)
			.collect(Collectors.toCollection(TreeSet::new));
		Set<String> declaredKeys = new TreeSet<>(metric.constantTagKeys());
		boolean sameShape = id.getType() == metric.meterType() && Objects.equals(id.getBaseUnit(), metric.unit());
		if (sameShape && !existingKeys.equals(declaredKeys)) {
			if (naming.acceptDifferentTagKeys()) {
				return;
			}
			MeterBinders.Binder binder = binders.find(metric.name());
			problems.add(new Problem(declaration.describe(), "declares the metric '" + metric.name()
					+ "' with the tag keys " + declaredKeys + ", but "
					+ ((binder != null) ? binder.describe() : "the application")
					+ " registered a meter of that name with the tag keys " + existingKeys
					+ " in the MeterRegistry already, and the Prometheus registry in use refuses one name with different tag keys.",
					"Rename the metric, or remove the hand-written meter and report its value from this method;"
							+ " Micrometer 1.17 with Prometheus client_java 1.5 or later (Spring Boot 4.1) accepts one name with different tag keys."));
			return;
		}
		List<String> differences = new ArrayList<>();
		if (id.getType() != metric.meterType()) {
			differences.add("type " + id.getType() + " instead of " + metric.meterType());
		}
		if (!Objects.equals(id.getBaseUnit(), metric.unit())) {
			differences.add("unit '" + Objects.toString(id.getBaseUnit(), "") + "' instead of '"
					+ Objects.toString(metric.unit(), "") + "'");
		}
		if (!existingKeys.equals(declaredKeys)) {
			differences.add("tag keys " + existingKeys + " instead of " + declaredKeys);
		}
		String differs = differences.isEmpty() ? "" : " with " + String.join(", ", differences);
		MeterBinders.Binder binder = binders.find(metric.name());
		if (binder != null) {
			problems.add(new Problem(declaration.describe(),
					"declares the metric '" + metric.name() + "', but " + binder.describe()
							+ " registered a meter of that name in the MeterRegistry already" + differs + ".",
					"Rename the metric, or, if the application does without that binder's meters, " + binder.removal()
							+ ". (management.metrics.enable." + metric.name()
							+ "=false would not do: it disables the declared metric as well.)"));
			return;
		}
		problems.add(new Problem(declaration.describe(),
				"declares the metric '" + metric.name() + "', but the application or a MeterBinder (such as Spring"
						+ " Boot's JVM, system or process metrics) registered a meter of that name in the MeterRegistry"
						+ " already" + differs + ".",
				"Rename the metric, or remove the hand-written meter and report its value from this method."));
	}

	private Shape checkShape(Method method, Collection<ObservableMetric> annotations, String where,
			List<Problem> problems) {
		if (Modifier.isStatic(method.getModifiers())) {
			problems.add(new Problem(where, "is static; a callback is called on its bean.",
					"Make the method an instance method of the bean."));
		}
		Shape rows = checkRowsShape(method, where, problems);
		if (rows != null) {
			return rows;
		}
		Shape async = checkAsyncShape(method, annotations, where, problems);
		if (async != null) {
			return async;
		}
		Class<?>[] parameters = method.getParameterTypes();
		Class<?> returnType = method.getReturnType();
		if (parameters.length == 1 && parameters[0] == MetricObserver.class) {
			if (returnType != void.class) {
				problems.add(new Problem(where,
						"takes a MetricObserver and also returns " + ClassUtils.getQualifiedName(returnType) + ".",
						"Return void and report every value through the MetricObserver, or drop the parameter and return the value."));
			}
			return Shape.OBSERVER;
		}
		if (parameters.length != 0) {
			unusableParameters(method, where, problems);
			return Shape.OBSERVER;
		}
		checkOneMetric(annotations, "void", where, problems);
		if (PRIMITIVE_NUMBERS.contains(returnType)) {
			return Shape.PRIMITIVE_VALUE;
		}
		if (isSupportedValue(returnType) || returnType == TimerTotals.class) {
			return Shape.OBJECT_VALUE;
		}
		problems.add(new Problem(where,
				"returns " + ClassUtils.getQualifiedName(returnType) + ", which is not a number.",
				"Return a primitive number, a java.lang.Number (" + BigDecimal.class.getSimpleName()
						+ ", AtomicLong, ...), a boolean or a java.time.Duration, or take a MetricObserver and return void."));
		return Shape.OBJECT_VALUE;
	}

	/**
	 * The rules of methods that return their rows: no parameters, and a
	 * {@code Collection}, {@code Iterable}, {@code Stream} or {@code Map} of rows,
	 * returned, in a {@code CompletionStage} or a {@code Mono}, or a {@code Flux} of rows
	 * (a {@code Flux} of numbers is a stream of values, refused as such). Which rows work
	 * is {@link RowType}'s to say, once the metrics are checked.
	 * @return the shape, or {@code null} for a method that does not return rows
	 */
	private static @Nullable Shape checkRowsShape(Method method, String where, List<Problem> problems) {
		RowType.Rows rows = RowType.rowsOf(method);
		if (rows == null || (rows.published() && isSupportedValue(rows.row().resolve()))) {
			return null;
		}
		Class<?>[] parameters = method.getParameterTypes();
		int count = ReturnTypes.isSuspending(method) ? parameters.length - 1 : parameters.length;
		if (count == 1 && parameters[0] == MetricObserver.class) {
			problems.add(new Problem(where, "takes a MetricObserver and also returns the rows " + rows.returned() + ".",
					"Drop the parameter and return the rows, or observe each row and return void."));
		}
		else if (count != 0) {
			problems.add(new Problem(where, "has parameters it cannot be given at scrape time.",
					"Take no parameters and return the rows." + wrapInterfaceMethod(method)));
		}
		return rows.async() ? Shape.ASYNC_ROWS : Shape.ROWS;
	}

	/**
	 * Refuses the attributes that say how rows become series on a method that does not
	 * return rows.
	 */
	private static void checkRowColumns(ObservableMetric annotation, Shape shape, String methodWhere,
			List<Problem> problems) {
		MetricDeclaration.RowColumns columns = MetricDeclaration.RowColumns.of(annotation);
		if (columns != null && !shape.returnsRows()) {
			problems.add(new Problem("@ObservableMetric(name = \"" + annotation.name() + "\") on " + methodWhere,
					"names " + columns.describe() + ", which say how returned rows become series, but the method "
							+ (shape.observes() ? "takes a MetricObserver" : "returns a single value") + ".",
					"Remove " + columns.describe()
							+ ", or return the rows: a List, Stream or Iterable of records, or a Map of numbers."));
		}
	}

	private static void unusableParameters(Method method, String where, List<Problem> problems) {
		problems.add(new Problem(where, "has parameters it cannot be given at scrape time.",
				"Take no parameters and return the value, or take exactly one MetricObserver and return void."
						+ wrapInterfaceMethod(method)));
	}

	/**
	 * The fix for a method with parameters declared on an interface that only a proxy
	 * implements, such as a Spring Data repository's query method: its parameters cannot
	 * be dropped, so a bean method gives them.
	 */
	private static String wrapInterfaceMethod(Method method) {
		if (!method.getDeclaringClass().isInterface()) {
			return "";
		}
		return " The method is declared on the interface " + ClassUtils.getQualifiedName(method.getDeclaringClass())
				+ ", which the bean implements through a proxy (a Spring Data repository, say): to export what it returns for"
				+ " given arguments, move the @ObservableMetric to a method of a bean of your own that calls it with them,"
				+ " such as @ObservableMetric(name = \"orders.waiting\") long waiting() { return this.orders.countByStatus(Status.WAITING); }.";
	}

	private static void checkOneMetric(Collection<ObservableMetric> annotations, String observerReturns, String where,
			List<Problem> problems) {
		if (annotations.size() > 1) {
			problems.add(new Problem(where, "declares " + annotations.size() + " metrics but returns one value.",
					"Take a MetricObserver parameter, return " + observerReturns
							+ ", and call observe(metricName, value, tags...) for each metric."));
		}
	}

	private static boolean isSupportedValue(@Nullable Class<?> type) {
		return type != null && (Number.class.isAssignableFrom(type) || type == Boolean.class || type == Duration.class);
	}

	/**
	 * The type of the value a method reports: what it returns, or what its future, its
	 * {@code Mono} or its Kotlin {@code suspend} function completes with ({@code null}
	 * when that cannot be resolved).
	 */
	private static @Nullable Class<?> valueType(Method method) {
		if (ReturnTypes.isSuspending(method)) {
			return ClassUtils.resolvePrimitiveIfNecessary(new MethodParameter(method, -1).getParameterType());
		}
		ResolvableType returnType = ResolvableType.forMethodReturnType(method);
		ResolvableType async = ReturnTypes.asyncType(returnType);
		return (async != null) ? async.getGeneric(0).resolve() : method.getReturnType();
	}

	/**
	 * The rules of asynchronous methods: those returning a {@code CompletionStage} or a
	 * {@code Mono}, and Kotlin {@code suspend} functions.
	 * @return the shape, or {@code null} for a method that is not asynchronous
	 */
	private @Nullable Shape checkAsyncShape(Method method, Collection<ObservableMetric> annotations, String where,
			List<Problem> problems) {
		ResolvableType returnType = ResolvableType.forMethodReturnType(method);
		boolean suspending = ReturnTypes.isSuspending(method);
		String returned = returnType.toString();
		if (ReturnTypes.reactorType(returnType, ReturnTypes.FLUX) != null) {
			problems.add(new Problem(where,
					"returns " + returned + ", a stream of values, but a scrape takes one value of each series.",
					"Return a Mono of one value, such as flux.count() or flux.collectList().map(...), or take a MetricObserver, observe each element and return the Mono<Void> of flux.doOnNext(...).then()."));
			return Shape.ASYNC_VALUE;
		}
		ResolvableType async = ReturnTypes.asyncType(returnType);
		if (async == null && !suspending) {
			return null;
		}
		List<String> missing = new ArrayList<>();
		if (suspending && !ClassUtils.isPresent(COROUTINES_REACTOR, null)) {
			missing.add("org.jetbrains.kotlinx:kotlinx-coroutines-reactor");
		}
		if (suspending && !ClassUtils.isPresent(KOTLIN_REFLECT, null)) {
			missing.add("org.jetbrains.kotlin:kotlin-reflect");
		}
		if (!missing.isEmpty()) {
			problems.add(new Problem(where,
					"is a Kotlin suspend function, but " + String.join(" and ", missing)
							+ ", through which Spring calls suspend functions, " + ((missing.size() > 1) ? "are" : "is")
							+ " not on the class path.",
					"Add " + String.join(" and ", missing) + " to the application, or make the function a plain fun."));
		}
		else if (ReturnTypes.reactorType(returnType, ReturnTypes.MONO) != null
				&& !ClassUtils.isPresent(ReturnTypes.MONO, null)) {
			problems.add(new Problem(where, "returns " + returned + ", but Reactor is not on the class path.",
					"Add io.projectreactor:reactor-core to the application, or return a CompletableFuture."));
		}
		Class<?>[] parameters = method.getParameterTypes();
		int count = suspending ? parameters.length - 1 : parameters.length;
		Class<?> value = valueType(method);
		String described = suspending ? "is a suspend function returning "
				+ ClassUtils.getQualifiedName((value != null) ? value : Object.class) : "returns " + returned;
		if (count == 1 && parameters[0] == MetricObserver.class) {
			if (value != Void.class && value != void.class) {
				problems.add(new Problem(where, "takes a MetricObserver and " + described + ", the promise of a value.",
						"Return a CompletionStage<Void> or a Mono<Void> (in Kotlin, Unit) that completes after the last observation, or drop the parameter and return the promise of the value."));
			}
			return Shape.ASYNC_OBSERVER;
		}
		if (count != 0) {
			unusableParameters(method, where, problems);
			return Shape.ASYNC_OBSERVER;
		}
		checkOneMetric(annotations, "a CompletionStage<Void> or a Mono<Void>", where, problems);
		if (!isSupportedValue(value)) {
			problems.add(new Problem(where, described + ", whose value is not a number.",
					"Complete it with a java.lang.Number (Long, Double, BigDecimal, ...), a Boolean or a java.time.Duration, or take a MetricObserver and return a CompletionStage<Void> or a Mono<Void>."));
		}
		return Shape.ASYNC_VALUE;
	}

	private @Nullable MetricDeclaration checkMetric(ObservableMetric annotation, Method method, String methodWhere,
			List<Problem> problems) {
		String where = "@ObservableMetric(name = \"" + annotation.name() + "\") on " + methodWhere;
		int before = problems.size();
		String name = annotation.name();
		boolean validName = StringUtils.hasText(name) && METRIC_NAME.matcher(name).matches();
		if (!StringUtils.hasText(name)) {
			problems.add(new Problem(where, "has a blank name.",
					"Name the metric in Micrometer's dot notation, such as orders.queue.size."));
		}
		else if (!METRIC_NAME.matcher(name).matches()) {
			problems.add(new Problem(where, "has the name '" + name + "', which is not a valid metric name.",
					"Start with a letter and use letters, digits and underscores, in parts separated by dots: orders.queue.size."));
		}
		boolean timeGauge = valueType(method) == Duration.class;
		String unit = StringUtils.hasText(annotation.unit()) ? annotation.unit() : null;
		if (timeGauge && annotation.type() == ObservableMetric.Type.COUNTER) {
			problems.add(new Problem(where, "is a COUNTER but the method returns a Duration.",
					"Return the total as a number of seconds (a double), or declare the metric a GAUGE."));
		}
		if (timeGauge && unit != null && !"seconds".equals(unit)) {
			problems.add(new Problem(where, "has the unit '" + unit + "' but returns a Duration, exported in seconds.",
					"Remove the unit: a Duration is exported in seconds."));
		}
		boolean timer = annotation.type() == ObservableMetric.Type.TIMER;
		boolean returnsTimerTotals = method.getReturnType() == TimerTotals.class;
		boolean observer = method.getParameterCount() == 1 && method.getParameterTypes()[0] == MetricObserver.class;
		if (timer && !returnsTimerTotals && !observer) {
			problems.add(new Problem(where,
					"is a TIMER but the method returns " + ClassUtils.getQualifiedName(method.getReturnType()) + ".",
					"Return TimerTotals (the count of events and their total time so far), or take a MetricObserver"
							+ " and call observe(count, totalTime, tags...)."));
		}
		if (returnsTimerTotals && !timer) {
			problems.add(new Problem(where, "is a " + annotation.type() + " but the method returns TimerTotals.",
					"Declare the metric type = Type.TIMER, or return a single number."));
		}
		if (timer && unit != null) {
			problems.add(new Problem(where, "has the unit '" + unit + "' but is a TIMER, exported in seconds.",
					"Remove the unit: a timer's total time is exported in seconds."));
		}
		if (unit != null && !TagRules.TAG_KEY.matcher(unit).matches()) {
			problems.add(new Problem(where, "has the unit '" + unit + "', which is not a valid unit.",
					"Use a base unit of letters and underscores, such as bytes or seconds."));
		}
		List<Tag> tags = checkTags(annotation.tags(), where, problems);
		if (problems.size() > before && !validName) {
			return null;
		}
		// interned, as a description written as a literal in code is: an annotation's
		// values are new strings for every method, and many metrics share a description
		String description = StringUtils.hasText(annotation.description()) ? annotation.description().intern() : null;
		return new MetricDeclaration(name, annotation.type(), description,
				(timeGauge || unit == null) ? null : unit.intern(), tags, timeGauge);
	}

	private List<Tag> checkTags(String[] declared, String where, List<Problem> problems) {
		Map<String, Tag> tags = new LinkedHashMap<>();
		for (String raw : declared) {
			String tag;
			try {
				tag = this.environment.resolveRequiredPlaceholders(raw);
			}
			catch (IllegalArgumentException ex) {
				problems.add(new Problem(where,
						"has the tag \"" + raw + "\" with a placeholder that cannot be resolved: " + ex.getMessage(),
						"Define the property in the application's configuration, or give a default: ${name:default}."));
				continue;
			}
			int equals = tag.indexOf('=');
			String key = (equals < 0) ? tag.trim() : tag.substring(0, equals).trim();
			String value = (equals < 0) ? "" : tag.substring(equals + 1).trim();
			if (equals < 0 || key.isEmpty() || value.isEmpty()) {
				problems.add(new Problem(where, "has the tag \"" + tag + "\", which is not of the form key=value.",
						"Write each tag as key=value, with a key and a value: \"region=eu-west-1\"."));
				continue;
			}
			String wrongKey = TagRules.checkKey(key, List.of());
			if (wrongKey != null) {
				problems.add(new Problem(where, "has the tag key '" + key + "', which " + wrongKey + ".", key
					.equals(TagRules.OVERFLOW_TAG)
							? "Give the tag another key: the starter adds " + TagRules.OVERFLOW_TAG
									+ "=true itself to the one series of a COUNTER, UP_DOWN_COUNTER"
									+ " or TIMER that sums the label sets beyond observable-metrics.max-series-per-metric."
							: "Start the key with a letter or an underscore and use letters, digits and underscores."));
			}
			else if (tags.putIfAbsent(key, Tag.of(key, value)) != null) {
				problems.add(new Problem(where, "has the tag key '" + key + "' twice.", "Give each tag key once."));
			}
		}
		return List.copyOf(tags.values());
	}

}
