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

package io.github.observablemetrics.internal.discover;

import io.github.observablemetrics.internal.declare.CallbackDeclaration;
import io.github.observablemetrics.internal.validate.DeclarationValidator;
import io.github.observablemetrics.internal.register.ObservableMetricsRegistrar;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.observablemetrics.InvalidObservableMetricException;
import io.github.observablemetrics.ObservableMetric;
import io.github.observablemetrics.ObservableMetrics;
import io.github.observablemetrics.InvalidObservableMetricException.Problem;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.scope.ScopedObject;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds the {@link ObservableMetric} methods of every bean and turns them into checked
 * {@link CallbackDeclaration declarations}. It never touches the registry: declarations
 * of the beans created at start-up are handed to the {@link ObservableMetricsRegistrar}
 * once all singletons exist, those of beans created later at once, and a destroyed bean's
 * callbacks are unregistered.
 * <p>
 * Detection follows Spring's own annotation post-processors: the ultimate target class of
 * the bean, a cache of classes without the annotation, a cheap candidate check before any
 * method is introspected.
 */
public class ObservableMetricBeanPostProcessor
		implements DestructionAwareBeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware {

	private static final Set<Class<? extends java.lang.annotation.Annotation>> ANNOTATIONS = Set
		.of(ObservableMetric.class, ObservableMetrics.class);

	/**
	 * The scope of Spring Cloud's {@code @RefreshScope}.
	 */
	private static final String REFRESH_SCOPE = "refresh";

	private final ObjectProvider<ObservableMetricsRegistrar> registrarProvider;

	private final DeclarationValidator validator;

	private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();

	/**
	 * Guards the hand-over from queueing to registering at once: {@link #pending},
	 * {@link #problems}, {@link #registrar} and {@link #handedOver}.
	 */
	private final Object handOver = new Object();

	private final List<CallbackDeclaration> pending = new ArrayList<>();

	private final List<Problem> problems = new ArrayList<>();

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	private @Nullable ObservableMetricsRegistrar registrar;

	/**
	 * Whether the queue has been emptied into the registrar for good: from then on, a new
	 * bean's declarations are registered at once, on the thread that creates it.
	 */
	private boolean handedOver;

	/**
	 * Creates a post-processor.
	 * @param registrarProvider the registrar, resolved only once all singletons exist
	 * @param validator checks each method; the registrar must check with the same
	 * validator, which carries the problems of the start-up beans to the check of their
	 * declarations together
	 */
	public ObservableMetricBeanPostProcessor(ObjectProvider<ObservableMetricsRegistrar> registrarProvider,
			DeclarationValidator validator) {
		this.registrarProvider = registrarProvider;
		this.validator = validator;
	}

	/**
	 * The validator that checks each method, for the registrar of the same context.
	 * @return the validator
	 */
	public DeclarationValidator validator() {
		return this.validator;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
			this.beanFactory = listable;
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof AopInfrastructureBean || bean instanceof ScopedObject) {
			return bean;
		}
		Map<Method, Set<ObservableMetric>> methods = annotatedMethodsOf(bean);
		if (methods.isEmpty()) {
			return bean;
		}
		String scope = scopeOf(beanName);
		if (isProxiedRefreshScope(beanName, scope)) {
			// registered once, through its scoped proxy (see refreshScopeDeclarations): a
			// refresh replaces this instance
			return bean;
		}
		if (scope != null) {
			throw this.validator.notASingleton(beanName, scope, methods.keySet());
		}
		List<CallbackDeclaration> declarations = new ArrayList<>();
		List<Problem> found = new ArrayList<>();
		// with problems, the declarations only take part in the checks together
		methods.forEach((method, annotations) -> declarations
			.add(this.validator.check(bean, beanName, method, annotations, found)));
		ObservableMetricsRegistrar registrar;
		synchronized (this.handOver) {
			if (!this.handedOver) {
				this.pending.addAll(declarations);
				this.problems.addAll(found);
				return bean;
			}
			registrar = this.registrar;
		}
		if (!found.isEmpty()) {
			throw new InvalidObservableMetricException(found);
		}
		if (registrar != null) {
			registrar.register(declarations, false);
		}
		return bean;
	}

	/**
	 * Registers the declarations queued while the singletons were created. A bean may be
	 * created on another thread meanwhile (a background bean, or one a start-up thread
	 * asks for), even while the queue is being registered: its declarations join the
	 * queue, and the queue is registered again until it stays empty. Only then does a new
	 * bean register on its own, so none is lost between the two.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		createFactoryBeanObjects();
		this.nonAnnotatedClasses.clear();
		List<Problem> definitionProblems = nonSingletonProblems();
		List<CallbackDeclaration> refreshScoped = refreshScopeDeclarations(definitionProblems);
		ObservableMetricsRegistrar registrar = this.registrarProvider.getIfAvailable();
		boolean first = true;
		while (true) {
			List<CallbackDeclaration> declarations;
			synchronized (this.handOver) {
				if (first) {
					this.problems.addAll(definitionProblems);
					this.pending.addAll(refreshScoped);
				}
				if (!this.problems.isEmpty()) {
					List<Problem> found = List.copyOf(this.problems);
					this.problems.clear();
					if (!first) {
						throw new InvalidObservableMetricException(found);
					}
					// reported with what the check of the start-up declarations together
					// finds, which takes in the declarations with problems too
					this.validator.defer(found);
				}
				if (!first && this.pending.isEmpty()) {
					this.registrar = registrar;
					this.handedOver = true;
					return;
				}
				declarations = List.copyOf(this.pending);
				this.pending.clear();
			}
			if (registrar != null) {
				registrar.register(declarations, first);
			}
			if (first) {
				// when nothing checked the declarations together
				this.validator.throwDeferred();
			}
			first = false;
		}
	}

	@Override
	public void postProcessBeforeDestruction(Object bean, String beanName) throws BeansException {
		ObservableMetricsRegistrar registrar;
		synchronized (this.handOver) {
			registrar = this.registrar;
		}
		if (registrar != null) {
			registrar.unregister(bean);
		}
	}

	@Override
	public boolean requiresDestruction(Object bean) {
		return !(bean instanceof ScopedObject) && !annotatedMethodsOf(bean).isEmpty();
	}

	/**
	 * Whether a bean type declares {@link ObservableMetric} methods, for the lazy
	 * initialization exclude filter: such beans are created at start-up so that their
	 * metrics exist.
	 * @param type the bean type
	 * @return whether it declares metrics
	 */
	public boolean declaresMetrics(Class<?> type) {
		return !annotatedMethods(ClassUtils.getUserClass(type)).isEmpty();
	}

	/**
	 * The annotated methods of a bean: those of its ultimate target class and, for a JDK
	 * proxy, those of the interfaces it implements that its target class does not. A
	 * Spring Data repository is such a proxy: its target is the store's base class
	 * ({@code SimpleJpaRepository}, ...), and the methods of the repository interface
	 * exist only on the proxy, which is called.
	 */
	private Map<Method, Set<ObservableMetric>> annotatedMethodsOf(Object bean) {
		Class<?> targetClass = AopProxyUtils.ultimateTargetClass(bean);
		Map<Method, Set<ObservableMetric>> methods = annotatedMethods(targetClass);
		if (!AopUtils.isJdkDynamicProxy(bean)) {
			return methods;
		}
		Map<Method, Set<ObservableMetric>> all = null;
		for (Class<?> proxied : AopProxyUtils.proxiedUserInterfaces(bean)) {
			if (proxied.isAssignableFrom(targetClass)) {
				// found through the target class, on its implementation
				continue;
			}
			Map<Method, Set<ObservableMetric>> declared = annotatedMethods(proxied);
			if (!declared.isEmpty()) {
				all = (all != null) ? all : new LinkedHashMap<>(methods);
				all.putAll(declared);
			}
		}
		return (all != null) ? all : methods;
	}

	private Map<Method, Set<ObservableMetric>> annotatedMethods(Class<?> targetClass) {
		if (this.nonAnnotatedClasses.contains(targetClass)) {
			return Map.of();
		}
		if (!AnnotationUtils.isCandidateClass(targetClass, ANNOTATIONS)) {
			this.nonAnnotatedClasses.add(targetClass);
			return Map.of();
		}
		Map<Method, Set<ObservableMetric>> methods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<Set<ObservableMetric>>) (method) -> {
					Set<ObservableMetric> annotations = AnnotatedElementUtils.getMergedRepeatableAnnotations(method,
							ObservableMetric.class, ObservableMetrics.class);
					return annotations.isEmpty() ? null : annotations;
				});
		if (methods.isEmpty()) {
			this.nonAnnotatedClasses.add(targetClass);
		}
		return methods;
	}

	/**
	 * Creates the objects of the singleton factory beans whose object type declares
	 * metrics, so that they are post-processed, and their metrics declared, at start-up.
	 * The container creates a factory bean at start-up, but its object only when a bean
	 * or a call asks for it: a Spring Data repository that nothing injects would
	 * otherwise have no metrics, and one that is injected only later would have them only
	 * from then on.
	 */
	private void createFactoryBeanObjects() {
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		if (beanFactory == null) {
			return;
		}
		for (String beanName : beanFactory.getBeanDefinitionNames()) {
			if (!beanFactory.isFactoryBean(beanName) || !beanFactory.getMergedBeanDefinition(beanName).isSingleton()) {
				continue;
			}
			Class<?> type = beanFactory.getType(beanName, false);
			if (type != null && declaresMetrics(type)) {
				beanFactory.getBean(beanName);
			}
		}
	}

	/**
	 * Declares the callbacks of the refresh-scoped beans, on their scoped proxies. Such a
	 * bean lives as long as the application, and a refresh only replaces the instance
	 * behind the proxy: its callbacks are registered once, on the proxy, so that every
	 * call reaches the current instance, and destroying an old instance unregisters
	 * nothing. Getting the proxy creates no instance.
	 */
	private List<CallbackDeclaration> refreshScopeDeclarations(List<Problem> problems) {
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		if (beanFactory == null) {
			return List.of();
		}
		List<CallbackDeclaration> declarations = new ArrayList<>();
		for (String beanName : beanFactory.getBeanDefinitionNames()) {
			if (!isProxiedRefreshScope(beanName, beanFactory.getMergedBeanDefinition(beanName).getScope())) {
				continue;
			}
			Class<?> type = beanFactory.getType(beanName, false);
			Map<Method, Set<ObservableMetric>> methods = (type != null)
					? annotatedMethods(ClassUtils.getUserClass(type)) : Map.of();
			if (methods.isEmpty()) {
				continue;
			}
			String proxyName = ScopedProxyUtils.getOriginalBeanName(beanName);
			Object proxy = beanFactory.getBean(proxyName);
			methods.forEach((method, annotations) -> declarations
				.add(this.validator.check(proxy, proxyName, method, annotations, problems)));
		}
		return declarations;
	}

	private static boolean isProxiedRefreshScope(String beanName, @Nullable String scope) {
		return REFRESH_SCOPE.equals(scope) && ScopedProxyUtils.isScopedTarget(beanName);
	}

	/**
	 * The scope of a bean that is not a singleton, or {@code null} for a singleton.
	 */
	private @Nullable String scopeOf(String beanName) {
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		if (beanFactory == null || !beanFactory.containsBeanDefinition(beanName)) {
			return null;
		}
		BeanDefinition definition = beanFactory.getMergedBeanDefinition(beanName);
		return definition.isSingleton() ? null : definition.getScope();
	}

	/**
	 * Beans that are not singletons are created later, if ever; their definitions are
	 * checked at start-up so that a wrong scope stops start-up rather than a request.
	 */
	private List<Problem> nonSingletonProblems() {
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		if (beanFactory == null) {
			return List.of();
		}
		List<Problem> found = new ArrayList<>();
		for (String beanName : beanFactory.getBeanDefinitionNames()) {
			BeanDefinition definition = beanFactory.getMergedBeanDefinition(beanName);
			if (definition.isSingleton() || definition.isAbstract()
					|| isProxiedRefreshScope(beanName, definition.getScope())) {
				continue;
			}
			Class<?> type = beanFactory.getType(beanName, false);
			if (type == null) {
				continue;
			}
			Map<Method, Set<ObservableMetric>> methods = annotatedMethods(ClassUtils.getUserClass(type));
			if (!methods.isEmpty()) {
				found.addAll(
						this.validator.notASingleton(beanName, definition.getScope(), methods.keySet()).getProblems());
			}
		}
		return found;
	}

}
