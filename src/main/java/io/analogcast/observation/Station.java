package io.analogcast.observation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An observing site. Coordinates are optional; the longitude sets local solar time in the state vector. */
@Entity
@Table(name = "station")
public class Station extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    public Double latitude;

    public Double longitude;

    /** Where the data came from: synthetic, canonical-csv, beijing-csv, api. */
    @Column(nullable = false)
    public String source;

    public Station() {
    }

    public Station(String id, String name, Double latitude, Double longitude, String source) {
        this.id = id;
        this.name = name;
        this.latitude = latitude;
        this.longitude = longitude;
        this.source = source;
    }

    public boolean synthetic() {
        return "synthetic".equals(source);
    }
}
