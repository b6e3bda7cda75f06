package io.analogcast.error;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProblemMappersTest {

    @Test
    void unexpectedFailuresRevealNoInternals() {
        IllegalStateException failure = new IllegalStateException("jdbc:postgresql://db.internal:5432 password=secret");
        Response response = new ProblemMappers().unexpected(failure, null);
        assertEquals(500, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        Problem problem = (Problem) response.getEntity();
        assertFalse(problem.detail().contains("secret"));
        assertFalse(problem.detail().contains("jdbc"));
        assertFalse(problem.detail().contains("IllegalStateException"));
        assertTrue(problem.detail().contains("reference"));
    }
}
