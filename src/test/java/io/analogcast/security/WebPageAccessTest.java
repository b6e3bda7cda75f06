package io.analogcast.security;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The web page's files are served without a token (the page asks for one) under a policy that admits only the
 * page's own script and style sheet; the data stays behind the token.
 */
@QuarkusTest
class WebPageAccessTest {

    @Test
    void thePageIsServedWithoutATokenUnderAStrictPolicy() {
        String html = given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", equalTo(HttpGuard.PAGE_CSP))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Cache-Control", equalTo("no-cache"))
                .body(containsString("<script src=\"/app/analogcast.js\" defer></script>"))
                .extract().asString();
        // nothing the policy would refuse: no inline script, handler or style attribute
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(html).find(), "inline script");
        assertFalse(Pattern.compile("\\son[a-z]+=|\\sstyle=").matcher(html).find(), "inline handler or style");
        for (String file : new String[] {"/app/analogcast.js", "/app/analogcast.css"}) {
            given().get(file).then().statusCode(200).header("Content-Security-Policy", equalTo(HttpGuard.PAGE_CSP));
        }
        given().get("/app/nothing-here.js").then().statusCode(404);
    }

    @Test
    void theDataStaysBehindTheToken() {
        given().get("/forecast/options").then().statusCode(401).contentType("application/problem+json");
        given().get("/stations").then().statusCode(401);
        // the HTML reports keep their own policy (inline SVG styles), not the page's
        given().header("Authorization", "Bearer test-user-token").get("/verification/live?format=html").then()
                .statusCode(200).header("Content-Security-Policy", equalTo(HttpGuard.HTML_CSP));
    }
}
