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

package io.github.observablemetrics;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.github.observablemetrics.internal.run.CallbackInvoker;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The design's promises, checked against the compiled main classes: the steps of the
 * pipeline depend on each other one way, the public API exposes no internal type, the
 * auto-configuration only wires, only the run step calls user methods, and only the
 * scrape step reads the scrape's thread-local state.
 */
class ArchitectureTests {

	private static final String INTERNAL = "io.github.observablemetrics.internal..";

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.observablemetrics");

	@Test
	void theStepsOfThePipelineDependOnEachOtherOneWay() {
		slices().matching("io.github.observablemetrics.internal.(*)..")
			.should()
			.beFreeOfCycles()
			.because("each step of the pipeline has a package, and a step never reaches back into an earlier one")
			.check(classes);
	}

	@Test
	void noPublicApiTypeExposesAnInternalType() {
		members().that()
			.areDeclaredInClassesThat()
			.resideOutsideOfPackage(INTERNAL)
			.and()
			.areDeclaredInClassesThat()
			.arePublic()
			.and(areVisibleOutsideTheirPackage())
			.should(notHaveInternalTypesInTheirSignature())
			.because("only the types the README lists are API")
			.check(classes);
	}

	@Test
	void theAutoConfigurationOnlyWires() {
		classes().that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should(haveNoMethodsButBeanMethodsAndPrivateHelpers())
			.andShould()
			.haveOnlyFinalFields()
			.check(classes);
		noClasses().that()
			.resideInAPackage("io.github.observablemetrics.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..internal.run..", "..internal.result..")
			.because("the auto-configuration hands its beans to registration and never reaches a run or a result")
			.check(classes);
	}

	@Test
	void onlyTheRunPackageCallsUserMethods() {
		noClasses().that()
			.resideOutsideOfPackage("..internal.run..")
			.should()
			.callMethodWhere(DescribedPredicate.describe("a reflective or method-handle invocation",
					(call) -> (call.getTargetOwner().isEquivalentTo(Method.class) && call.getName().equals("invoke"))
							|| (call.getTargetOwner().isEquivalentTo(MethodHandle.class)
									&& call.getName().startsWith("invoke"))))
			.orShould()
			.callMethodWhere(DescribedPredicate.describe("a call of the invoker",
					(call) -> call.getTargetOwner().isAssignableTo(CallbackInvoker.class)
							&& !call.getName().equals("create")))
			.because("the run step is the only code that calls the annotated methods and the rows they return")
			.check(classes);
	}

	@Test
	void nothingOutsideTheScrapePackageReadsTheScrapesThreadLocalState() {
		noClasses().that()
			.resideOutsideOfPackage("..internal.scrape..")
			.should()
			.accessFieldWhere(DescribedPredicate.describe("a thread-local field of the scrape package",
					(access) -> access.getTargetOwner().getPackageName().endsWith(".internal.scrape")
							&& access.getTarget()
								.resolveMember()
								.map(JavaField::getRawType)
								.map((type) -> type.isAssignableTo(ThreadLocal.class))
								.orElse(false)))
			.orShould()
			.callMethodWhere(DescribedPredicate.describe("ScrapeDeadline.current()",
					(call) -> call.getTargetOwner().getSimpleName().equals("ScrapeDeadline")
							&& call.getName().equals("current")))
			.check(classes);
	}

	private static DescribedPredicate<JavaMember> areVisibleOutsideTheirPackage() {
		return DescribedPredicate.describe("are public or protected",
				(member) -> member.getModifiers().contains(JavaModifier.PUBLIC)
						|| member.getModifiers().contains(JavaModifier.PROTECTED));
	}

	private static ArchCondition<JavaMember> notHaveInternalTypesInTheirSignature() {
		return new ArchCondition<>("not have internal types in their signature") {

			@Override
			public void check(JavaMember member, ConditionEvents events) {
				for (JavaClass type : signatureTypes(member)) {
					if (type.getPackageName().startsWith("io.github.observablemetrics.internal")) {
						events.add(SimpleConditionEvent.violated(member,
								member.getFullName() + " exposes the internal type " + type.getName()));
					}
				}
			}

		};
	}

	private static java.util.Set<JavaClass> signatureTypes(JavaMember member) {
		java.util.Set<JavaClass> types = new java.util.HashSet<>();
		if (member instanceof JavaField field) {
			types.addAll(field.getType().getAllInvolvedRawTypes());
		}
		else if (member instanceof JavaCodeUnit codeUnit) {
			types.addAll(codeUnit.getReturnType().getAllInvolvedRawTypes());
			codeUnit.getParameterTypes().forEach((type) -> types.addAll(type.getAllInvolvedRawTypes()));
		}
		return types;
	}

	private static ArchCondition<JavaClass> haveNoMethodsButBeanMethodsAndPrivateHelpers() {
		return new ArchCondition<>("have no methods but @Bean methods and private helpers") {

			@Override
			public void check(JavaClass type, ConditionEvents events) {
				type.getMethods()
					.stream()
					.filter((method) -> !method.isAnnotatedWith(Bean.class))
					.filter((method) -> !method.getModifiers().contains(JavaModifier.PRIVATE))
					.filter((method) -> !method.getModifiers().contains(JavaModifier.SYNTHETIC))
					.forEach((method) -> events.add(SimpleConditionEvent.violated(method,
							method.getFullName() + " is neither a @Bean method nor a private helper")));
			}

		};
	}

}
