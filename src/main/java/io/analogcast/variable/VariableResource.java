package io.analogcast.variable;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Arrays;
import java.util.List;

/** The variable registry, so clients can discover ids, units and valid ranges. */
@Path("/variables")
@Produces(MediaType.APPLICATION_JSON)
public class VariableResource {

    public record VariableInfo(String id, String unit, String description, double min, double max, boolean derived) {
    }

    @GET
    public List<VariableInfo> variables() {
        return Arrays.stream(Variable.values())
                .map(v -> new VariableInfo(v.id(), v.unit(), v.description(), v.min(), v.max(), !v.stored())).toList();
    }
}
