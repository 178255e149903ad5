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

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Makes a reactive application run on Reactor Netty. With Tomcat on the class path too,
 * Spring Boot 3.5 would choose Tomcat; a Netty server factory of the application's own
 * makes every line choose Netty. Its class is named as a string: its package differs
 * between the Spring Boot 3.5 and 4.x lines.
 */
public class NettyServer implements ImportBeanDefinitionRegistrar {

	private static final String[] FACTORY = { "org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory",
			"org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory" };

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		registry.registerBeanDefinition("nettyReactiveWebServerFactory",
				new RootBeanDefinition(BootAutoConfigurations.first(FACTORY)));
	}

}
