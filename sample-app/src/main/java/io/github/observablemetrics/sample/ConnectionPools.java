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

package io.github.observablemetrics.sample;

import java.util.List;
import java.util.Objects;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.observablemetrics.ObservableMetric;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * One bean method whose records feed two metrics: each connection pool of the application
 * is a row, its name a tag, and each metric names the component that holds its value.
 *
 * @author The Observable Metrics team
 */
@Component
class ConnectionPools {

	private final ObjectProvider<HikariDataSource> dataSources;

	ConnectionPools(ObjectProvider<HikariDataSource> dataSources) {
		this.dataSources = dataSources;
	}

	@ObservableMetric(name = "pool.active", value = "active", description = "Connections in use")
	@ObservableMetric(name = "pool.idle", value = "idle", description = "Connections open and unused")
	List<PoolRow> pools() {
		return this.dataSources.stream().map(ConnectionPools::row).filter(Objects::nonNull).toList();
	}

	private static PoolRow row(HikariDataSource dataSource) {
		HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
		return (pool != null)
				? new PoolRow(dataSource.getPoolName(), pool.getActiveConnections(), pool.getIdleConnections()) : null;
	}

	/**
	 * A pool as a row: {@code pool} is the tag, {@code active} and {@code idle} values.
	 */
	record PoolRow(String pool, int active, int idle) {

	}

}
