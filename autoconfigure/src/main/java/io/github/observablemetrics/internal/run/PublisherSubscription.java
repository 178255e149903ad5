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

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.BaseSubscriber;

/**
 * The subscription of a run to the {@code Mono} its method returned (a Kotlin
 * {@code suspend} function's included): its first signal ends the run, a value as the
 * value, an error as a failure, completion without a value as no value now. Only this
 * class names Reactor's types, so that the starter runs without Reactor; it is loaded
 * only when a method has returned a publisher.
 */
public final class PublisherSubscription extends BaseSubscriber<Object> implements Run.Cancellable {

	private final Run.Completion completion;

	/**
	 * The elements so far of a publisher whose every element counts (a {@code Flux} of
	 * rows), or {@code null} when its first signal ends it.
	 */
	private final @Nullable List<Object> elements;

	private PublisherSubscription(boolean everyElement, Run.Completion completion) {
		this.completion = completion;
		this.elements = everyElement ? new ArrayList<>() : null;
	}

	/**
	 * Subscribes to a publisher, on the calling thread.
	 * @param publisher the publisher
	 * @param everyElement whether every element counts, completed as a list when the
	 * publisher completes; otherwise its first signal ends it
	 * @param completion where the value, or the failure, goes
	 * @return the subscription, which {@link #cancel()} disposes of
	 */
	static PublisherSubscription subscribe(Object publisher, boolean everyElement, Run.Completion completion) {
		PublisherSubscription subscription = new PublisherSubscription(everyElement, completion);
		((Publisher<?>) publisher).subscribe(subscription);
		return subscription;
	}

	@Override
	protected void hookOnNext(Object value) {
		if (this.elements != null) {
			this.elements.add(value);
			return;
		}
		dispose();
		this.completion.complete(value, null);
	}

	@Override
	protected void hookOnError(Throwable failure) {
		this.completion.complete(null, failure);
	}

	@Override
	protected void hookOnComplete() {
		this.completion.complete(this.elements, null);
	}

}
