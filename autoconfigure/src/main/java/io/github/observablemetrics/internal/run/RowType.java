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

import io.github.observablemetrics.internal.declare.MetricDeclaration;
import io.github.observablemetrics.internal.declare.ReturnTypes;
import io.github.observablemetrics.internal.declare.RowReader;
import io.github.observablemetrics.internal.declare.TagRules;
import java.beans.PropertyDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.observablemetrics.MetricObserver;
import io.github.observablemetrics.ObservableMetric;
import io.github.observablemetrics.internal.declare.MetricDeclaration.RowColumns;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.core.MethodParameter;
import org.springframework.core.NativeDetector;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * How the rows a method returns become series: which component of a row is the value of
 * each metric the method declares, and which components are its tags, under which keys.
 * All of that is decided once, at start-up, from the method's generic return type
 * ({@code List<PoolRow>}, {@code Stream<PoolRow>}, {@code Map<String, Long>}, the same in
 * a {@code CompletionStage} or a {@code Mono}, or a {@code Flux<PoolRow>}); each
 * component is read through a function {@link java.lang.invoke.LambdaMetafactory}
 * generates, as {@link CallbackInvoker} calls the method itself, never through reflection
 * per row (except in a native image, where code cannot be generated and the AOT hints
 * make the accessors available).
 * <p>
 * A row is a record, a class with getters or an interface of getters (a Spring Data
 * projection); a {@code Map} of numbers has a row per entry. Components of type
 * {@code String}, {@code enum}, {@code boolean} and {@code Character} are tags, numbers
 * are values, and {@link ObservableMetric#labels() labels} can make a number a tag.
 * <p>
 * {@link #report} observes the rows of one run into a {@link MetricObserver}, each label
 * set of each metric once: rows with the same tags add up for a counter, and for a gauge
 * the first is kept and the others counted as invalid, as a meter filter folding them
 * would do.
 */
public final class RowType implements RowReader {

	private static final String TAG_TYPES = "a String, an enum, a boolean, a Character";

	private final String rowTypeName;

	private final boolean published;

	private final boolean map;

	private final RowMetric[] metrics;

	private RowType(String rowTypeName, boolean published, boolean map, RowMetric[] metrics) {
		this.rowTypeName = rowTypeName;
		this.published = published;
		this.map = map;
		this.metrics = metrics;
	}

	/**
	 * Where a method returns its rows, or {@code null} when it does not return rows: what
	 * it returns, what its {@code CompletionStage} or {@code Mono} or Kotlin
	 * {@code suspend} function completes with, when that is a {@code Collection}, an
	 * {@code Iterable}, a {@code Stream} or a {@code Map}, or a {@code Flux}, whose
	 * elements are the rows.
	 * @param method the annotated method
	 * @return where its rows are, or {@code null}
	 */
	public static @Nullable Rows rowsOf(Method method) {
		boolean suspending = ReturnTypes.isSuspending(method);
		ResolvableType returned = suspending ? ResolvableType.forMethodParameter(new MethodParameter(method, -1))
				: ResolvableType.forMethodReturnType(method);
		ResolvableType flux = ReturnTypes.reactorType(returned, ReturnTypes.FLUX);
		if (flux != null) {
			return new Rows(described(method, returned), flux, flux.getGeneric(0), true, true);
		}
		ResolvableType async = ReturnTypes.asyncType(returned);
		ResolvableType container = (async != null) ? async.getGeneric(0) : returned;
		Class<?> type = container.resolve();
		if (type == null) {
			return null;
		}
		boolean later = async != null || suspending;
		if (Map.class.isAssignableFrom(type)) {
			return new Rows(described(method, returned), container.as(Map.class), container.as(Map.class).getGeneric(0),
					false, later);
		}
		if (Iterable.class.isAssignableFrom(type)) {
			return new Rows(described(method, returned), container, container.as(Iterable.class).getGeneric(0), false,
					later);
		}
		if (Stream.class.isAssignableFrom(type)) {
			return new Rows(described(method, returned), container, container.as(Stream.class).getGeneric(0), false,
					later);
		}
		return null;
	}

	/**
	 * The return type as declared, {@code java.util.List} for a raw one.
	 */
	private static String described(Method method, ResolvableType returned) {
		return ReturnTypes.isSuspending(method) ? returned.toString() : method.getGenericReturnType().getTypeName();
	}

	/**
	 * The accessors a method's rows are read through, which a native image must be able
	 * to call: none where the method does not return rows of components.
	 * @param method the annotated method
	 * @return the accessors
	 */
	public static List<Method> accessors(Method method) {
		Rows rows = rowsOf(method);
		Class<?> rowClass = (rows != null && !rows.isMap()) ? rows.row().resolve() : null;
		if (rowClass == null || !isRowClass(rowClass)) {
			return List.of();
		}
		return List.copyOf(components(rowClass).values());
	}

	/**
	 * Resolves how the rows a method returns become series of its metrics.
	 * @param method the annotated method, which returns rows ({@link #rowsOf} is not
	 * {@code null})
	 * @param metrics the metrics it declares
	 * @param problems takes what is wrong and how to fix it, once for each problem
	 * @return the row type, or {@code null} when the rows cannot work
	 */
	public static @Nullable RowType resolve(Method method, List<MetricDeclaration> metrics,
			BiConsumer<String, String> problems) {
		Rows rows = rowsOf(method);
		if (rows == null) {
			throw new IllegalArgumentException(method + " does not return rows");
		}
		Map<String, String> found = new LinkedHashMap<>();
		RowType rowType = rows.isMap() ? resolveMap(rows, metrics, found) : resolveRows(rows, metrics, found);
		found.forEach(problems);
		return found.isEmpty() ? rowType : null;
	}

	private static @Nullable RowType resolveRows(Rows rows, List<MetricDeclaration> metrics,
			Map<String, String> problems) {
		Class<?> rowClass = resolvedRow(rows, rows.row(), "row", problems);
		if (rowClass == null) {
			return null;
		}
		String rowName = ClassUtils.getQualifiedName(rowClass);
		String returned = "returns " + rows.returned();
		if (!isRowClass(rowClass)) {
			problems.put(returned + ", whose rows are " + rowName + ", not rows of a value and its tags.",
					"Return rows of a record, a class with getters or an interface of getters, with a number and its tags"
							+ " (record PoolRow(String pool, int active)), or a Map<String, Long> with tagKey = \"...\".");
			return null;
		}
		Map<String, Method> accessors = components(rowClass);
		if (accessors.isEmpty()) {
			problems.put(returned + ", but " + rowName + " has no components to read.",
					"Make the row a record, or give it getters (getActive()) or, for an interface, getter methods.");
			return null;
		}
		Map<String, Component> components = new LinkedHashMap<>();
		accessors.forEach((name, accessor) -> components.put(name, new Component(name, accessor)));
		String names = String.join(", ", components.keySet());
		List<RowMetric> resolved = new ArrayList<>();
		for (MetricDeclaration metric : metrics) {
			RowColumns columns = (metric.rowColumns() != null) ? metric.rowColumns()
					: new RowColumns(null, List.of(), null);
			String declares = "declares the metric '" + metric.name() + "' of rows of " + rowName;
			int before = problems.size();
			if (columns.tagKey() != null) {
				problems.put(declares + " with tagKey = \"" + columns.tagKey()
						+ "\", which names the tag of a Map's keys, but the method returns " + rows.returned() + ".",
						"Remove tagKey: the tags of a row are its components (" + names
								+ "), named after them; choose them with labels = {...}.");
			}
			List<Component> tags = new ArrayList<>();
			for (String label : columns.labels()) {
				Component component = components.get(label);
				if (component == null) {
					problems.put(
							declares + " with the label '" + label
									+ "', which the row does not have; its components are " + names + ".",
							"Name components of the row in labels, or add '" + label + "' to the row.");
				}
				else if (!component.isTag() && !component.isNumber()) {
					problems.put(
							declares + " with the label '" + label + "' of type "
									+ ClassUtils.getQualifiedName(component.type) + ", which cannot be a tag.",
							"Make it " + TAG_TYPES + " or a number, or leave it out of labels.");
				}
				else {
					tags.add(component);
				}
			}
			if (columns.labels().isEmpty()) {
				for (Component component : components.values()) {
					if (component.isTag()) {
						tags.add(component);
					}
					else if (!component.isNumber()) {
						List<String> usable = components.values()
							.stream()
							.filter(Component::isTag)
							.map((tag) -> "\"" + tag.name + "\"")
							.toList();
						problems.put(
								"returns rows of " + rowName + ", whose component '" + component.name + "' of type "
										+ ClassUtils.getQualifiedName(component.type) + " is neither a tag ("
										+ TAG_TYPES + ") nor a number.",
								"Name the components to export as tags in labels, which leaves '" + component.name
										+ "' out (labels = {" + String.join(", ", usable) + "}), or make it "
										+ TAG_TYPES + " or a number.");
					}
				}
			}
			Component value = valueOf(columns, components, tags, declares, names, problems);
			for (Component tag : tags) {
				checkTagKey(tag.name, true, metric, declares, problems);
			}
			if (problems.size() == before && value != null) {
				resolved.add(new RowMetric(metric, value, tags.toArray(new Component[0])));
			}
		}
		return new RowType(rowName, rows.published(), false, resolved.toArray(new RowMetric[0]));
	}

	private static @Nullable Component valueOf(RowColumns columns, Map<String, Component> components,
			List<Component> tags, String declares, String names, Map<String, String> problems) {
		if (columns.value() != null) {
			Component value = components.get(columns.value());
			if (value == null) {
				problems.put(
						declares + " with value = \"" + columns.value()
								+ "\", which the row does not have; its components are " + names + ".",
						"Name the component that holds the value in value = \"...\".");
				return null;
			}
			if (!value.isNumber()) {
				problems.put(
						declares + " with value = \"" + columns.value() + "\", a component of type "
								+ ClassUtils.getQualifiedName(value.type) + ", which is not a number.",
						"Name a numeric component in value (a primitive number or a java.lang.Number).");
				return null;
			}
			if (tags.contains(value)) {
				problems.put(declares + " with the component '" + value.name + "' both as its value and as a label.",
						"Remove '" + value.name + "' from labels, or name another component in value.");
				return null;
			}
			return value;
		}
		List<Component> numbers = components.values()
			.stream()
			.filter((component) -> component.isNumber() && !tags.contains(component))
			.toList();
		if (numbers.size() == 1) {
			return numbers.get(0);
		}
		if (numbers.isEmpty()) {
			problems.put(declares + ", which has no numeric component to take the value from; its components are "
					+ names + ".", "Add a number to the row (a primitive number or a java.lang.Number).");
		}
		else {
			String numeric = numbers.stream().map((number) -> number.name).collect(Collectors.joining(", "));
			problems.put(
					declares + ", which has the numeric components " + numeric
							+ " but the annotation names none of them in value.",
					"Name the component that holds the value: value = \"" + numbers.get(0).name + "\".");
		}
		return null;
	}

	private static @Nullable RowType resolveMap(Rows rows, List<MetricDeclaration> metrics,
			Map<String, String> problems) {
		Class<?> keyType = resolvedRow(rows, rows.type().getGeneric(0), "key", problems);
		Class<?> valueType = resolvedRow(rows, rows.type().getGeneric(1), "value", problems);
		if (keyType == null || valueType == null) {
			return null;
		}
		String returned = "returns " + rows.returned();
		Component key = new Component("key", keyType, RowType::key, null);
		Component value = new Component("value", valueType, (entry) -> ((Map.Entry<?, ?>) entry).getValue(), null);
		if (!value.isNumber()) {
			problems.put(returned + ", whose values are not numbers.",
					"Return a Map whose values are numbers (Map<String, Long>), or rows of a record with a number and its tags.");
		}
		if (!key.isTag() && !key.isNumber()) {
			problems.put(returned + ", whose keys of type " + ClassUtils.getQualifiedName(keyType) + " cannot be tags.",
					"Return a Map whose keys are " + TAG_TYPES + " or a number.");
		}
		List<RowMetric> resolved = new ArrayList<>();
		for (MetricDeclaration metric : metrics) {
			RowColumns columns = metric.rowColumns();
			String declares = "declares the metric '" + metric.name() + "' of the entries of a Map";
			int before = problems.size();
			if (columns == null || columns.tagKey() == null) {
				problems.put(
						returned + ", but the metric '" + metric.name()
								+ "' names no tagKey to export the map's keys under.",
						"Name the tag key of the map's keys: @ObservableMetric(name = \"" + metric.name()
								+ "\", tagKey = \"...\").");
				continue;
			}
			if (columns.value() != null || !columns.labels().isEmpty()) {
				problems.put(
						declares + " with " + columns.describe()
								+ ", but the entries of a Map have no components to name.",
						"Remove value and labels: a Map's values are the values, and its keys the tag tagKey names.");
			}
			checkTagKey(columns.tagKey(), false, metric, declares, problems);
			if (problems.size() == before) {
				Component tag = new Component(columns.tagKey(), keyType, RowType::key, null);
				resolved.add(new RowMetric(metric, value, new Component[] { tag }));
			}
		}
		return new RowType(rows.returned(), rows.published(), true, resolved.toArray(new RowMetric[0]));
	}

	private static @Nullable Object key(Object entry) {
		return ((Map.Entry<?, ?>) entry).getKey();
	}

	/**
	 * The class of a row (or of a map's keys or values), or {@code null} when the
	 * declaration does not tell it: a raw type, a wildcard or a type variable, unless a
	 * bound tells it ({@code ? extends PoolRow}).
	 */
	private static @Nullable Class<?> resolvedRow(Rows rows, ResolvableType row, String what,
			Map<String, String> problems) {
		// a wildcard or a type variable without a bound resolves to Object
		Class<?> resolved = row.resolve();
		if (resolved != null && resolved != Object.class) {
			return resolved;
		}
		String example = rows.isMap() ? "Map<String, Long>" : "List<PoolRow>";
		if (rows.type().getType() instanceof Class<?> raw && raw.getTypeParameters().length > 0) {
			problems.put("returns " + rows.returned() + ", a raw type, whose " + what + " type cannot be told.",
					"Declare the " + what + " type: " + example + ".");
		}
		else {
			problems.put("returns " + rows.returned() + ", whose " + what + " type cannot be told at start-up.",
					"Declare the " + what + " type itself: " + example + ".");
		}
		return null;
	}

	/**
	 * Checks a tag key by the rules of constant tag keys, and that no constant tag has
	 * it.
	 * @param component whether the key is a component's name, rather than a tagKey
	 */
	private static void checkTagKey(String key, boolean component, MetricDeclaration metric, String declares,
			Map<String, String> problems) {
		String what = component ? "tag key '" + key + "', a component of the row," : "tagKey = \"" + key + "\"";
		String problem = TagRules.checkKey(key, metric.constantTagKeys());
		if (problem != null) {
			problems.put(declares + ", whose " + what + " " + problem + ".",
					(component ? "Rename the component, or leave it out with labels = {...}" : "Choose another tagKey")
							+ ": a tag key starts with a letter or an underscore, uses letters, digits and underscores,"
							+ " and is neither a constant tag's key nor " + TagRules.OVERFLOW_TAG + ".");
		}
	}

	/**
	 * Whether a class can be a row of components: not a number, a tag, a container or
	 * {@code Object}.
	 */
	private static boolean isRowClass(Class<?> type) {
		return !(type == Object.class || type.isPrimitive() || type.isArray() || Component.isTag(type)
				|| Component.isNumber(type) || Iterable.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)
				|| Stream.class.isAssignableFrom(type) || Optional.class == type || type.getName().startsWith("java."));
	}

	/**
	 * The components of a row class by name, with their accessors: a record's components
	 * in declaration order, the readable properties of a class or interface by name.
	 */
	private static Map<String, Method> components(Class<?> rowClass) {
		Map<String, Method> components = new LinkedHashMap<>();
		if (rowClass.isRecord()) {
			for (RecordComponent component : rowClass.getRecordComponents()) {
				components.put(component.getName(), component.getAccessor());
			}
			return components;
		}
		Map<String, Method> sorted = new TreeMap<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(rowClass)) {
			Method read = property.getReadMethod();
			if (read != null && read.getDeclaringClass() != Object.class) {
				sorted.put(property.getName(), read);
			}
		}
		components.putAll(sorted);
		return components;
	}

	/**
	 * Whether the rows come one by one from a Reactor {@code Flux}, which the run
	 * collects into a list before {@link #report reporting} it.
	 * @return whether the rows are published one by one
	 */
	@Override
	public boolean published() {
		return this.published;
	}

	/**
	 * Observes the rows a run of the method returned: each row a series of each metric,
	 * its tags added to the metric's constant tags by the observer. A {@code Stream} is
	 * closed after use. A getter that throws ends the report with its exception, which
	 * fails the run.
	 * @param returned what the method returned, or its future completed with: a
	 * {@code Collection}, an {@code Iterable}, a {@code Stream} or a {@code Map}, the
	 * elements of a {@code Flux} collected into a list, or {@code null} for no rows
	 * @param observer receives each label set of each metric once
	 * @param invalid receives a message for each row that is dropped: a {@code null} row,
	 * a row with a {@code null} tag, a gauge's second row with the same tags
	 */
	@Override
	public void report(@Nullable Object returned, MetricObserver observer, Consumer<String> invalid) {
		if (returned == null) {
			return;
		}
		Run run = new Run(invalid);
		if (this.map) {
			if (!(returned instanceof Map<?, ?> entries)) {
				throw new IllegalArgumentException(notRows(returned));
			}
			for (Map.Entry<?, ?> entry : entries.entrySet()) {
				run.row(entry);
			}
		}
		else if (returned instanceof Stream<?> stream) {
			try (stream) {
				for (Iterator<?> rows = stream.iterator(); rows.hasNext();) {
					run.row(rows.next());
				}
			}
		}
		else if (returned instanceof Iterable<?> rows) {
			for (Object row : rows) {
				run.row(row);
			}
		}
		else {
			throw new IllegalArgumentException(notRows(returned));
		}
		run.observe(observer);
	}

	private String notRows(Object returned) {
		return "Expected the rows of " + this.rowTypeName + " but got a " + returned.getClass().getName();
	}

	@Override
	public String toString() {
		return "RowType[" + this.rowTypeName + ": "
				+ Arrays.stream(this.metrics).map(RowMetric::toString).collect(Collectors.joining(", ")) + "]";
	}

	/**
	 * Where a method returns its rows.
	 *
	 * @param returned what the method is declared to return, for messages
	 * @param type the container of the rows: the {@code Map}, the {@code Iterable}, the
	 * {@code Stream}, the {@code Flux}
	 * @param row the type of its rows, or a {@code Map}'s key type
	 * @param published whether the rows come one by one from a {@code Flux}
	 * @param async whether the rows come later
	 */
	public record Rows(String returned, ResolvableType type, ResolvableType row, boolean published, boolean async) {

		boolean isMap() {
			return !this.published && this.type.toClass() == Map.class;
		}

	}

	/**
	 * One metric of the rows: the component holding its value and those holding its tags.
	 */
	private static final class RowMetric {

		private final String name;

		private final boolean sums;

		private final Component value;

		private final Component[] tags;

		private final String[] tagKeys;

		RowMetric(MetricDeclaration metric, Component value, Component[] tags) {
			this.name = metric.name();
			this.sums = metric.type() != ObservableMetric.Type.GAUGE;
			this.value = value;
			this.tags = tags;
			this.tagKeys = Arrays.stream(tags).map((tag) -> tag.name).toArray(String[]::new);
		}

		@Override
		public String toString() {
			return this.name + "=" + this.value.name + Arrays.toString(this.tagKeys);
		}

	}

	/**
	 * One component of a row and how it is read.
	 */
	private static final class Component {

		private final String name;

		private final Class<?> type;

		private final Function<Object, @Nullable Object> reader;

		/**
		 * Reads a primitive number without boxing it, {@code null} for other types.
		 */
		private final @Nullable ToDoubleFunction<Object> primitive;

		Component(String name, Method accessor) {
			this(name, accessor.getReturnType(), reader(accessor), primitiveReader(accessor));
		}

		Component(String name, Class<?> type, Function<Object, @Nullable Object> reader,
				@Nullable ToDoubleFunction<Object> primitive) {
			this.name = name;
			this.type = type;
			this.reader = reader;
			this.primitive = primitive;
		}

		boolean isTag() {
			return isTag(this.type);
		}

		boolean isNumber() {
			return isNumber(this.type);
		}

		static boolean isTag(Class<?> type) {
			return type == String.class || Enum.class.isAssignableFrom(type)
					|| ClassUtils.resolvePrimitiveIfNecessary(type) == Boolean.class
					|| ClassUtils.resolvePrimitiveIfNecessary(type) == Character.class;
		}

		static boolean isNumber(Class<?> type) {
			return Number.class.isAssignableFrom(ClassUtils.resolvePrimitiveIfNecessary(type));
		}

		/**
		 * The tag value of a row, or {@code null} when the component is {@code null}.
		 */
		@Nullable String tag(Object row) {
			Object value = this.reader.apply(row);
			if (value == null) {
				return null;
			}
			return (value instanceof Enum<?> constant) ? constant.name() : String.valueOf(value);
		}

		/**
		 * Reads the value of a row into {@code values[index]}.
		 * @return whether the row has a value
		 */
		boolean value(Object row, double[] values, int index) {
			if (this.primitive != null) {
				values[index] = this.primitive.applyAsDouble(row);
				return true;
			}
			Object value = this.reader.apply(row);
			if (value == null) {
				return false;
			}
			values[index] = ((Number) value).doubleValue();
			return true;
		}

		private static Function<Object, @Nullable Object> reader(Method accessor) {
			Class<?> owner = accessor.getDeclaringClass();
			MethodHandle target = target(accessor);
			if (target == null) {
				return (row) -> ReflectionUtils.invokeMethod(accessor, row);
			}
			try {
				return CallbackInvoker.generate(lookup(owner), target, Function.class, "apply",
						MethodType.methodType(Object.class, Object.class),
						MethodType.methodType(ClassUtils.resolvePrimitiveIfNecessary(accessor.getReturnType()), owner));
			}
			catch (Throwable ex) {
				MethodHandle handle = target.asType(MethodType.methodType(Object.class, Object.class));
				return (row) -> {
					try {
						return (Object) handle.invokeExact(row);
					}
					catch (Throwable failure) {
						ReflectionUtils.rethrowRuntimeException(failure);
						return null;
					}
				};
			}
		}

		private static @Nullable ToDoubleFunction<Object> primitiveReader(Method accessor) {
			Class<?> type = accessor.getReturnType();
			if (!type.isPrimitive() || !isNumber(type)) {
				return null;
			}
			Class<?> owner = accessor.getDeclaringClass();
			MethodHandle target = target(accessor);
			if (target == null) {
				return (row) -> ((Number) ReflectionUtils.invokeMethod(accessor, row)).doubleValue();
			}
			try {
				return CallbackInvoker.generate(lookup(owner), target, ToDoubleFunction.class, "applyAsDouble",
						MethodType.methodType(double.class, Object.class), MethodType.methodType(double.class, owner));
			}
			catch (Throwable ex) {
				MethodHandle handle = target.asType(MethodType.methodType(double.class, Object.class));
				return (row) -> {
					try {
						return (double) handle.invokeExact(row);
					}
					catch (Throwable failure) {
						ReflectionUtils.rethrowRuntimeException(failure);
						return Double.NaN;
					}
				};
			}
		}

		/**
		 * The accessor as a method handle, or {@code null} where it must be called
		 * through reflection: in a native image, or where the starter cannot see into its
		 * class.
		 */
		private static @Nullable MethodHandle target(Method accessor) {
			if (NativeDetector.inNativeImage()) {
				ReflectionUtils.makeAccessible(accessor);
				return null;
			}
			try {
				return lookup(accessor.getDeclaringClass()).unreflect(accessor);
			}
			catch (IllegalAccessException ex) {
				ReflectionUtils.makeAccessible(accessor);
				return null;
			}
		}

		private static MethodHandles.Lookup lookup(Class<?> owner) throws IllegalAccessException {
			return MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
		}

	}

	/**
	 * The series of one report, each label set of each metric once.
	 */
	private final class Run {

		private final Consumer<String> invalid;

		private final List<Map<List<String>, double[]>> series;

		private final double[] value = new double[1];

		Run(Consumer<String> invalid) {
			this.invalid = invalid;
			this.series = new ArrayList<>(RowType.this.metrics.length);
			for (int i = 0; i < RowType.this.metrics.length; i++) {
				this.series.add(new LinkedHashMap<>());
			}
		}

		void row(@Nullable Object row) {
			if (row == null) {
				this.invalid.accept("a null row of " + RowType.this.rowTypeName);
				return;
			}
			for (int i = 0; i < RowType.this.metrics.length; i++) {
				RowMetric metric = RowType.this.metrics[i];
				String[] tags = new String[metric.tags.length];
				boolean complete = true;
				for (int t = 0; t < tags.length && complete; t++) {
					tags[t] = metric.tags[t].tag(row);
					complete = tags[t] != null;
				}
				if (!complete) {
					this.invalid.accept("a row of " + RowType.this.rowTypeName + " without a value for the tag '"
							+ firstNull(metric, tags) + "' of '" + metric.name + "'");
					continue;
				}
				if (!metric.value.value(row, this.value, 0)) {
					continue;
				}
				double[] sum = this.series.get(i).putIfAbsent(Arrays.asList(tags), new double[] { this.value[0] });
				if (sum != null && metric.sums) {
					sum[0] += this.value[0];
				}
				else if (sum != null) {
					this.invalid.accept("two rows with the same tags " + describe(metric, tags) + " for the gauge '"
							+ metric.name + "'; the first one's value is kept");
				}
			}
		}

		void observe(MetricObserver observer) {
			for (int i = 0; i < RowType.this.metrics.length; i++) {
				RowMetric metric = RowType.this.metrics[i];
				for (Map.Entry<List<String>, double[]> series : this.series.get(i).entrySet()) {
					List<String> tags = series.getKey();
					String[] keyValues = new String[tags.size() * 2];
					for (int t = 0; t < tags.size(); t++) {
						keyValues[2 * t] = metric.tagKeys[t];
						keyValues[2 * t + 1] = tags.get(t);
					}
					observer.observe(metric.name, series.getValue()[0], keyValues);
				}
			}
		}

	}

	private static String firstNull(RowMetric metric, @Nullable String[] tags) {
		for (int t = 0; t < tags.length; t++) {
			if (tags[t] == null) {
				return metric.tagKeys[t];
			}
		}
		return "";
	}

	private static String describe(RowMetric metric, String[] tags) {
		List<String> pairs = new ArrayList<>(tags.length);
		for (int t = 0; t < tags.length; t++) {
			pairs.add(metric.tagKeys[t] + "=" + tags[t]);
		}
		return "{" + String.join(", ", pairs) + "}";
	}

}
