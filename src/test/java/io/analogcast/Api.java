package io.analogcast;

import io.restassured.RestAssured;
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
}
