package io.analogcast.forecast;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A forecast as it was issued, kept so that it can be verified once its valid time has been observed. */
@Entity
@Table(name = "issued_forecast")
public class IssuedForecast extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "station_id", nullable = false)
    public String stationId;

    @Column(name = "state_time", nullable = false)
    public Instant stateTime;

    @Column(name = "valid_time", nullable = false)
    public Instant validTime;

    @Column(name = "horizon_hours", nullable = false)
    public int horizonHours;

    @Column(name = "index_build_id", nullable = false)
    public String indexBuildId;

    /** Number of analogs in the ensemble. */
    public int analogs;

    /** The request as JSON: variables, k, thresholds, whether the state was given explicitly. */
    @Column(nullable = false, columnDefinition = "text")
    public String request;

    /** When live verification scored it (or found its valid time unobserved); null until then. */
    @Column(name = "scored_at")
    public Instant scoredAt;

    /** Variable id to its ensemble statistics, as JSON (the shape of the API's variables object). */
    @Column(nullable = false, columnDefinition = "text")
    public String variables;
}
