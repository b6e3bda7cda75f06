package io.analogcast.analog;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;

/** Records the manifests of a loaded build in the database (once per build, station and horizon). */
@ApplicationScoped
public class IndexBuildLog {

    private final ObjectMapper json;

    public IndexBuildLog(ObjectMapper json) {
        this.json = json;
    }

    void onServed(@jakarta.enterprise.event.Observes IndexBuildServed served) {
        record(served.manifests());
    }

    /** Returns how many indices were newly recorded. */
    @Transactional
    public int record(List<IndexManifest> manifests) {
        int recorded = 0;
        for (IndexManifest m : manifests) {
            if (IndexBuild.count("buildId = ?1 and stationId = ?2 and horizonHours = ?3", m.buildId(), m.stationId(),
                    m.horizonHours()) > 0) {
                continue;
            }
            IndexBuild row = new IndexBuild();
            row.buildId = m.buildId();
            row.stationId = m.stationId();
            row.horizonHours = m.horizonHours();
            row.indexType = m.spec().type().configName();
            row.parameters = m.spec().describe();
            row.vectors = m.rows();
            row.firstAnalog = m.firstAnalogTime();
            row.lastAnalog = m.lastAnalogTime();
            row.builtAt = m.createdAt();
            row.manifest = json.valueToTree(m).toString();
            row.persist();
            recorded++;
        }
        return recorded;
    }
}
