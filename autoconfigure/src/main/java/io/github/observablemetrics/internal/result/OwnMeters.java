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

package io.github.observablemetrics.internal.result;

import java.util.function.Supplier;

import io.micrometer.core.instrument.Meter;
import org.jspecify.annotations.Nullable;

/**
 * Tells the meters the starter registers from those others register: the registry's
 * meter-added listeners run on the registering thread, within the registration.
 */
public final class OwnMeters {

	private static final ThreadLocal<Registering> registering = new ThreadLocal<>();

	private OwnMeters() {
	}

	/**
	 * Registers a meter of the starter's.
	 * @param registration the registration
	 * @return the meter, and whether the registry added it (rather than returning one it
	 * had)
	 */
	public static Registration register(Supplier<? extends Meter> registration) {
		return register(null, registration);
	}

	/**
	 * Registers the meter of a series.
	 * @param series the series the meter reads, which {@link #series()} gives the
	 * registry's listeners
	 * @param registration the registration
	 * @return the meter, and whether the registry added it
	 */
	static Registration register(@Nullable Series series, Supplier<? extends Meter> registration) {
		Registering own = new Registering(series);
		registering.set(own);
		try {
			Meter meter = registration.get();
			return new Registration(meter, own.added);
		}
		finally {
			registering.remove();
		}
	}

	/**
	 * Called by a meter-added listener: whether the meter is the starter's own, being
	 * registered on this thread.
	 */
	public static boolean added(Meter meter) {
		Registering own = registering.get();
		if (own == null) {
			return false;
		}
		own.added = true;
		return true;
	}

	/**
	 * Called by a meter-added listener: the series whose meter is being registered on
	 * this thread, which the meter reads; {@code null} for a meter that reads no series.
	 */
	public static @Nullable Series series() {
		Registering own = registering.get();
		return (own != null) ? own.series : null;
	}

	/**
	 * A registered meter of the starter's.
	 *
	 * @param meter the meter
	 * @param added whether the registry added it
	 */
	public record Registration(Meter meter, boolean added) {

	}

	private static final class Registering {

		final @Nullable Series series;

		boolean added;

		Registering(@Nullable Series series) {
			this.series = series;
		}

	}

}
