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

package io.github.observablemetrics.internal.scrape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.observablemetrics.internal.result.Series;
import io.micrometer.core.instrument.Meter;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer's collector of one metric family, as the {@link ObservingPrometheusRegistry}
 * registers it. Where every meter of the family reads a series of this starter's, the
 * family is served from the series' published values, with the metadata and the labels of
 * Micrometer's own snapshot: the family's first read learns its name, the next checks
 * Micrometer's snapshot against the series (the same labels, one series each, the same
 * values) and keeps its metadata and labels, and the reads after it build the snapshot
 * from them while no meter of the family is added or removed. A family with a meter of
 * another's, or one the check does not match, is read by Micrometer.
 */
final class FamilyCollector implements MultiCollector {

	private final MultiCollector micrometer;

	private final PublishedFamilies families;

	/**
	 * The family, which the first read learns by its name.
	 */
	private volatile PublishedFamilies.@Nullable Family family;

	/**
	 * The family as the last check found it.
	 */
	private volatile @Nullable Checked checked;

	FamilyCollector(MultiCollector micrometer, PublishedFamilies families) {
		this.micrometer = micrometer;
		this.families = families;
	}

	@Nullable String name() {
		PublishedFamilies.Family family = this.family;
		return (family != null) ? family.name : null;
	}

	/**
	 * Whether the last read was served from the published values.
	 */
	boolean served() {
		Checked checked = this.checked;
		return checked != null && checked.served != null;
	}

	@Override
	public MetricSnapshots collect() {
		PublishedFamilies families = this.families;
		PublishedFamilies.Family family = this.family;
		if (family == null) {
			MetricSnapshots snapshots = this.micrometer.collect();
			if (snapshots.size() == 1) {
				this.family = families.family(snapshots.get(0).getMetadata().getPrometheusName());
			}
			return snapshots;
		}
		long version = family.version();
		Checked checked = this.checked;
		if (checked != null && checked.version == version) {
			return (checked.served != null) ? checked.served.snapshot() : this.micrometer.collect();
		}
		MetricSnapshots snapshots = this.micrometer.collect();
		this.checked = check(snapshots, families, family, version);
		return snapshots;
	}

	/**
	 * Checks Micrometer's snapshot of the family against the series its meters read.
	 * @return the outcome, or {@code null} to check again at the next read: a value
	 * changed between the two reads
	 */
	private @Nullable Checked check(MetricSnapshots snapshots, PublishedFamilies families,
			PublishedFamilies.Family family, long version) {
		Checked unserved = new Checked(version, null);
		if (snapshots.size() != 1) {
			return unserved;
		}
		MetricSnapshot snapshot = snapshots.get(0);
		Map<Meter, Series> read = family.series();
		List<? extends DataPointSnapshot> points = snapshot.getDataPoints();
		if (read.isEmpty() || points.size() != read.size()) {
			return unserved;
		}
		Map<Labels, Series> byLabels = new HashMap<>();
		read.forEach((meter, series) -> byLabels.put(families.labelsOf(meter), series));
		Labels[] labels = new Labels[points.size()];
		Series[] series = new Series[points.size()];
		long[] created = new long[points.size()];
		for (int i = 0; i < labels.length; i++) {
			DataPointSnapshot point = points.get(i);
			labels[i] = point.getLabels();
			Series reading = byLabels.remove(labels[i]);
			if (reading == null || point.hasScrapeTimestamp()) {
				return unserved;
			}
			Boolean same = sameValue(point, reading);
			if (same == null) {
				return unserved;
			}
			if (!same) {
				return null;
			}
			series[i] = reading;
			created[i] = point.hasCreatedTimestamp() ? point.getCreatedTimestampMillis() : 0;
		}
		return new Checked(version, new Served(snapshot, labels, series, created));
	}

	/**
	 * Whether Micrometer read a data point as the published values read.
	 * @return {@code null} for a data point the served family could not reproduce
	 */
	private static @Nullable Boolean sameValue(DataPointSnapshot point, Series series) {
		if (point instanceof GaugeDataPointSnapshot gauge) {
			return (gauge.getExemplar() != null) ? null
					: Double.compare(gauge.getValue(), series.publishedValue()) == 0;
		}
		if (point instanceof CounterDataPointSnapshot counter) {
			return (counter.getExemplar() != null) ? null
					: Double.compare(counter.getValue(), series.publishedValue()) == 0;
		}
		if (point instanceof SummaryDataPointSnapshot summary) {
			return (!summary.getQuantiles().iterator().hasNext() && summary.getExemplars().size() == 0)
					? summary.getCount() == (long) series.publishedValue()
							&& Double.compare(summary.getSum(), series.publishedTotal()) == 0
					: null;
		}
		return null;
	}

	// The descriptions a registry asks a collector for are Micrometer's

	@Override
	public List<String> getPrometheusNames() {
		return this.micrometer.getPrometheusNames();
	}

	@Override
	public @Nullable MetricType getMetricType(String prometheusName) {
		return this.micrometer.getMetricType(prometheusName);
	}

	@Override
	public @Nullable Set<String> getLabelNames(String prometheusName) {
		return this.micrometer.getLabelNames(prometheusName);
	}

	@Override
	public @Nullable MetricMetadata getMetadata(String prometheusName) {
		return this.micrometer.getMetadata(prometheusName);
	}

	@Override
	public List<io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor> getMetricFamilyDescriptors() {
		return this.micrometer.getMetricFamilyDescriptors();
	}

	/**
	 * What a check found, at the family version it checked.
	 *
	 * @param version the version
	 * @param served the family to serve, or {@code null} when Micrometer reads it
	 */
	private record Checked(long version, @Nullable Served served) {

	}

	/**
	 * A family served from the published values: Micrometer's metadata, and its labels in
	 * its order, with the series each reads.
	 */
	private static final class Served {

		private final MetricMetadata metadata;

		private final Kind kind;

		private final Labels[] labels;

		private final Series[] series;

		/**
		 * When each series' meter was created, as Micrometer gives a counter's and a
		 * timer's data points; {@code 0} for none.
		 */
		private final long[] created;

		Served(MetricSnapshot template, Labels[] labels, Series[] series, long[] created) {
			this.metadata = template.getMetadata();
			this.kind = (template instanceof GaugeSnapshot) ? Kind.GAUGE
					: (template instanceof CounterSnapshot) ? Kind.COUNTER : Kind.SUMMARY;
			this.labels = labels;
			this.series = series;
			this.created = created;
		}

		MetricSnapshots snapshot() {
			int count = this.series.length;
			return switch (this.kind) {
				case GAUGE -> {
					List<GaugeDataPointSnapshot> points = new ArrayList<>(count);
					for (int i = 0; i < count; i++) {
						points.add(new GaugeDataPointSnapshot(this.series[i].publishedValue(), this.labels[i], null));
					}
					yield MetricSnapshots.of(new GaugeSnapshot(this.metadata, points));
				}
				case COUNTER -> {
					List<CounterDataPointSnapshot> points = new ArrayList<>(count);
					for (int i = 0; i < count; i++) {
						points.add(new CounterDataPointSnapshot(this.series[i].publishedValue(), this.labels[i], null,
								this.created[i]));
					}
					yield MetricSnapshots.of(new CounterSnapshot(this.metadata, points));
				}
				default -> {
					List<SummaryDataPointSnapshot> points = new ArrayList<>(count);
					for (int i = 0; i < count; i++) {
						Series series = this.series[i];
						points.add(new SummaryDataPointSnapshot((long) series.publishedValue(), series.publishedTotal(),
								Quantiles.EMPTY, this.labels[i], Exemplars.EMPTY, 0));
					}
					yield MetricSnapshots.of(new SummarySnapshot(this.metadata, points));
				}
			};
		}

	}

	/**
	 * The snapshot types a served family has; client_java's own enum is missing from its
	 * older lines.
	 */
	private enum Kind {

		GAUGE, COUNTER, SUMMARY

	}

}
