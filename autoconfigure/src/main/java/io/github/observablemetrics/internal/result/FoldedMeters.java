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

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.noop.NoopMeter;

/**
 * The meters this starter registered, and the series that feed each. Where the
 * application's meter filters fold several series into one meter (a tag whose values are
 * replaced, a tag ignored), the registry returns the meter of the first for the others;
 * the meter stays while any of them is observed, as Micrometer's {@code MultiGauge} keeps
 * a row by its pre-filter id.
 */
public final class FoldedMeters {

	private final MeterRegistry registry;

	private final Map<Meter, Series> hosts = new IdentityHashMap<>();

	public FoldedMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Attaches a series to the meter that registering it returned.
	 * @param series the series
	 * @param meter the meter
	 * @param added whether the registration added the meter to the registry
	 * @return whether the series feeds the meter; {@code false} when the meter is one
	 * this starter did not register
	 */
	synchronized boolean attach(Series series, Meter meter, boolean added) {
		if (meter instanceof NoopMeter) {
			// denied by a meter filter: nothing to read, nothing to remove
			series.meter = meter;
			series.host = series;
			return true;
		}
		Series host = added ? null : this.hosts.get(meter);
		if (host == null) {
			if (!added) {
				return false;
			}
			this.hosts.put(meter, series);
			host = series;
		}
		else {
			Series[] members = host.members;
			if (members == null) {
				members = new Series[] { host };
			}
			Series[] joined = Arrays.copyOf(members, members.length + 1);
			joined[members.length] = series;
			host.members = joined;
		}
		series.meter = meter;
		series.host = host;
		return true;
	}

	/**
	 * Detaches a series from its meter, and removes the meter when no series feeds it.
	 * @param series the series
	 */
	synchronized void detach(Series series) {
		Meter meter = series.meter;
		Series host = series.host;
		series.meter = null;
		series.host = null;
		if (meter == null || host == null || meter instanceof NoopMeter) {
			return;
		}
		Series[] members = host.members;
		if (members != null) {
			Series[] rest = new Series[members.length - 1];
			int count = 0;
			for (Series member : members) {
				if (member != series && count < rest.length) {
					rest[count++] = member;
				}
			}
			if (count > 0) {
				host.members = (count == rest.length) ? rest : Arrays.copyOf(rest, count);
				return;
			}
		}
		host.members = null;
		this.hosts.remove(meter);
		this.registry.remove(meter);
	}

}
