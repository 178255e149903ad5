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

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles classes with many {@code @ObservableMetric} methods at test time, for tests
 * that need more distinct metrics than anyone would write by hand. The classes are
 * defined in the package of a given lookup, so that they share its class loader, as
 * application classes do.
 */
public final class GeneratedCallbacks {

	private GeneratedCallbacks() {
	}

	/**
	 * Generates {@code classes} classes of {@code methods} single-value methods each.
	 * Method {@code i} (counted across classes) declares the gauge {@code prefix.m<i>}
	 * and returns {@code valueSource.value(i)}, where {@code valueSource} is a static
	 * method reference given as {@code "pkg.Class.method"} taking an {@code int}.
	 * @param lookup a lookup with full privileges in the package to define the classes in
	 * @param prefix the metric name prefix
	 * @param classes how many classes
	 * @param methods how many methods per class
	 * @param valueSource the static method the generated methods call
	 * @return the generated classes
	 */
	public static List<Class<?>> generate(MethodHandles.Lookup lookup, String prefix, int classes, int methods,
			String valueSource) {
		String packageName = lookup.lookupClass().getPackageName();
		Map<String, String> sources = new HashMap<>();
		for (int c = 0; c < classes; c++) {
			String className = "Generated" + prefix.replace('.', '_') + "_" + c;
			StringBuilder source = new StringBuilder();
			source.append("package ").append(packageName).append(";\n");
			source.append("public class ").append(className).append(" {\n");
			for (int m = 0; m < methods; m++) {
				int index = c * methods + m;
				source.append("  @io.github.observablemetrics.ObservableMetric(name = \"")
					.append(prefix)
					.append(".m")
					.append(index)
					.append("\")\n  public double m")
					.append(index)
					.append("() { return ")
					.append(valueSource)
					.append("(")
					.append(index)
					.append("); }\n");
			}
			source.append("}\n");
			sources.put(packageName + "." + className, source.toString());
		}
		Map<String, byte[]> bytecode = compile(sources);
		List<Class<?>> defined = new ArrayList<>();
		for (String name : sources.keySet()) {
			try {
				defined.add(lookup.defineClass(bytecode.get(name)));
			}
			catch (IllegalAccessException ex) {
				throw new IllegalStateException("Cannot define " + name, ex);
			}
		}
		return defined;
	}

	private static Map<String, byte[]> compile(Map<String, String> sources) {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		if (compiler == null) {
			throw new IllegalStateException("Generated callbacks need a JDK, not a JRE");
		}
		Map<String, ByteArrayOutputStream> outputs = new HashMap<>();
		StandardJavaFileManager standard = compiler.getStandardFileManager(null, null, null);
		ForwardingJavaFileManager<StandardJavaFileManager> files = new ForwardingJavaFileManager<>(standard) {
			@Override
			public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
					FileObject sibling) {
				return new SimpleJavaFileObject(URI.create("bytes:///" + className.replace('.', '/') + kind.extension),
						kind) {
					@Override
					public OutputStream openOutputStream() {
						return outputs.computeIfAbsent(className, (name) -> new ByteArrayOutputStream());
					}
				};
			}
		};
		List<JavaFileObject> units = new ArrayList<>();
		sources.forEach((name, source) -> units.add(new SimpleJavaFileObject(
				URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
			@Override
			public CharSequence getCharContent(boolean ignoreEncodingErrors) {
				return source;
			}
		}));
		List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-proc:none");
		ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
		boolean compiled = compiler
			.getTask(new java.io.PrintWriter(diagnostics, true), files, null, options, null, units)
			.call();
		if (!compiled) {
			throw new IllegalStateException("Generated callbacks did not compile: " + diagnostics);
		}
		Map<String, byte[]> bytecode = new HashMap<>();
		outputs.forEach((name, output) -> bytecode.put(name, output.toByteArray()));
		return bytecode;
	}

}
