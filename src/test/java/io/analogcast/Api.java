package io.analogcast;

import io.restassured.RestAssured;
import org.eclipse.microprofile.config.ConfigProvider;
import io.restassured.specification.RequestSpecification;

/** Requests with the test profile's tokens (their SHA-256 hashes are in application.properties, %test). */
public final class Api {

    public static final String USER_TOKEN = "test-user-token";
    public static final String ADMIN_TOKEN = "test-admin-token";

    private Api() {
    }

    public static RequestSpecification user() {
        return RestAssured.given().header("Authorization", "Bearer " + USER_TOKEN);
    }

    public static RequestSpecification admin() {
        return RestAssured.given().header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    /**
     * The management interface (metrics), without a token: its own port, 9001 in tests, and the one failsafe gives
     * the packaged service ({@code analogcast.it.management-port}) in integration tests.
     */
    public static RequestSpecification management() {
        int port = Integer.getInteger("analogcast.it.management-port", ConfigProvider.getConfig()
                .getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001));
        return RestAssured.given().port(port);
    }
}
