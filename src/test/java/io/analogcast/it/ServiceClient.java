package io.analogcast.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Requests to a service a test started with {@link PackagedArtifact}, with or without its admin token. */
final class ServiceClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String token;

    ServiceClient(String token) {
        this.token = token;
    }

    HttpResponse<String> get(String url, boolean withToken) throws IOException, InterruptedException {
        return send(request(url, withToken).GET());
    }

    HttpRequest.Builder request(String url, boolean withToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        return withToken ? request.header("Authorization", "Bearer " + token) : request;
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Until {@code base}'s readiness probe answers 200; fails with the log if the process exits or time runs out. */
    void awaitReady(String base, Process service, Path log, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new AssertionError("the service exited (" + service.exitValue() + "): " + Files.readString(log));
            }
            try {
                if (get(base + "/q/health/ready", false).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListening) {
                // not yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready within " + within.toSeconds() + " s: " + Files.readString(log));
    }
}
