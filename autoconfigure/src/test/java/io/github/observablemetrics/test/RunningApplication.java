package io.github.observablemetrics.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real application on a random loopback port, with the full auto-configuration and the
 * actuator endpoints exposed, scraped with a plain HTTP client.
 */
public final class RunningApplication implements AutoCloseable {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ConfigurableApplicationContext context;

	private final String base;

	private RunningApplication(ConfigurableApplicationContext context) {
		this.context = context;
		this.base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
	}

	public static RunningApplication start(Class<?>[] sources, String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(sources).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"management.endpoints.web.exposure.include=*")
			.properties(properties)
			.run();
		return new RunningApplication(context);
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	public PrometheusText scrape() {
		return PrometheusText.parse(get("/actuator/prometheus"));
	}

	public PrometheusText scrape(String... includedNames) {
		return PrometheusText.parse(get("/actuator/prometheus?includedNames=" + String.join(",", includedNames)));
	}

	public String get(String path) {
		HttpResponse<String> response = send(path, null);
		if (response.statusCode() != 200) {
			throw new IllegalStateException(
					"GET " + path + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	public HttpResponse<String> send(String path, String accept) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30));
		if (accept != null) {
			request.header("Accept", accept);
		}
		try {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("GET " + path + " was interrupted", ex);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

}
