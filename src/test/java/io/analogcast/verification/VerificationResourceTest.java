package io.analogcast.verification;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static io.analogcast.Api.user;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** GET /verification before and after an evaluation of the (synthetic) served data. */
@QuarkusTest
class VerificationResourceTest {

    @Inject
    VerificationService verification;

    @Test
    void servesTheLatestReportAsJsonAndHtml() throws IOException {
        Path directory = Path.of("target/test-verification");
        Files.deleteIfExists(directory.resolve(VerificationService.JSON_FILE));
        user().get("/verification").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("evaluate --from"));

        EvaluationSettings settings = verification.settings(Instant.parse("2020-06-01T00:00:00Z"),
                Instant.parse("2020-07-01T00:00:00Z"), List.of("adelaide-synthetic"), 24, 30);
        verification.evaluate(settings, directory, (f, label) -> { });

        user().get("/verification").then().statusCode(200).contentType("application/json")
                .body("meta.data_source", equalTo("synthetic"))
                .body("meta.forecasts", equalTo(4 * 30))
                .body("summary.find { it.variable == 't2m' && it.horizon == '24h' }.cases", equalTo(30))
                .body("rank_histograms[0].counts", hasSize(10))
                .body("targets.size()", greaterThan(0));
        user().get("/verification?format=html").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<svg")).body(containsString("CRPS skill by horizon"));
        user().get("/verification?format=pdf").then().statusCode(400).body("detail", containsString("json or html"));
        org.hamcrest.MatcherAssert.assertThat(Files.readString(directory.resolve(VerificationService.JSON_FILE)),
                org.hamcrest.Matchers.not(containsString("NaN")));
    }
}
