package io.analogcast.admin;

import io.analogcast.analog.IndexLifecycle;
import io.analogcast.error.ProblemException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.UncheckedIOException;

/** Operator actions on the served index build (admin token). */
@Path("/admin/indices")
@Produces(MediaType.APPLICATION_JSON)
public class IndexAdminResource {

    /** What a reload or rollback did; {@code rejected_reason} when the build CURRENT names was refused. */
    public record ReloadResponse(String servedBuildId, String previousBuildId, boolean changed, String rejectedReason) {
        static ReloadResponse of(IndexLifecycle.ReloadResult result) {
            return new ReloadResponse(result.servedBuildId(), result.previousBuildId(), result.changed(),
                    result.rejectedReason());
        }
    }

    private final IndexLifecycle lifecycle;

    public IndexAdminResource(IndexLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @POST
    @Path("/reload")
    @Operation(summary = "Serve the build CURRENT names now (verified first; a refused build leaves the served one)")
    public ReloadResponse reload() {
        return ReloadResponse.of(lifecycle.reload());
    }

    @POST
    @Path("/rollback")
    @Operation(summary = "Make the previously published build current again and serve it")
    public ReloadResponse rollback() {
        try {
            return ReloadResponse.of(lifecycle.rollback());
        } catch (IllegalStateException e) {
            throw new ProblemException(409, "no-earlier-build", "Conflict", e.getMessage());
        } catch (UncheckedIOException e) {
            throw new ProblemException(409, "index-directory-not-writable", "Conflict", e.getMessage()
                    + "; roll back where the builds are written (the build job), or make the directory writable");
        }
    }
}
