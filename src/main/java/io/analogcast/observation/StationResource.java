package io.analogcast.observation;

import io.quarkus.panache.common.Sort;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.transaction.Transactional;

/** Stations, paged (size 100 by default, 1000 at most). */
@Path("/stations")
@Produces(MediaType.APPLICATION_JSON)
public class StationResource {

    public record StationView(String id, String name, Double latitude, Double longitude, String source) {
    }

    @GET
    @Transactional
    public Page<StationView> list(@QueryParam("page") String page, @QueryParam("size") String size) {
        PageRequest request = PageRequest.parse(page, size);
        var query = Station.<Station>findAll(Sort.by("id")).page(request.page(), request.size());
        return Page.of(query.list().stream().map(s -> new StationView(s.id, s.name, s.latitude, s.longitude, s.source))
                .toList(), request.page(), request.size(), query.count(), p -> "/stations?page=" + p + "&size=" + request.size());
    }
}
