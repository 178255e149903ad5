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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.observablemetrics.test.ExternalTool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Pushgateway the end-to-end tests start keeps nothing from one start to the next,
 * and writes nothing outside the build.
 */
class PushgatewayServerIT {

	@Test
	void aFreshPushgatewayIsEmptyEvenAfterAnotherOneWasPushedTo() throws Exception {
		ExternalTool pushgateway = PushgatewayServer.require();
		try (PushgatewayServer first = PushgatewayServer.start(pushgateway)) {
			HttpResponse<String> push = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://" + first.address() + "/metrics/job/persistence-probe"))
					.PUT(HttpRequest.BodyPublishers.ofString("persistence_probe 1\n"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(push.statusCode()).isBetween(200, 202);
			assertThat(first.metrics().samples("persistence_probe")).hasSize(1);
		}
		try (PushgatewayServer second = PushgatewayServer.start(pushgateway)) {
			assertThat(second.metrics().samples("persistence_probe")).isEmpty();
			assertThat(second.metrics().samples("push_time_seconds")).isEmpty();
		}
	}

}
