package io.analogcast.analog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** One index of a build (a station and horizon) as recorded in the database, with its full manifest as JSON. */
@Entity
@Table(name = "index_build")
public class IndexBuild extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "build_id", nullable = false)
    public String buildId;

    @Column(name = "station_id", nullable = false)
    public String stationId;

    @Column(name = "horizon_hours", nullable = false)
    public int horizonHours;

    @Column(name = "index_type", nullable = false)
    public String indexType;

    @Column(nullable = false)
    public String parameters;

    public long vectors;

    @Column(name = "first_analog")
    public Instant firstAnalog;

    @Column(name = "last_analog")
    public Instant lastAnalog;

    @Column(name = "built_at", nullable = false)
    public Instant builtAt;

    @Column(nullable = false, columnDefinition = "text")
    public String manifest;

    public static List<IndexBuild> ofBuild(String buildId) {
        return list("buildId = ?1 order by stationId, horizonHours", buildId);
    }
}
