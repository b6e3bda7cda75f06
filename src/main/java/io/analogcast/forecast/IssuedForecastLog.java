package io.analogcast.forecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.analogcast.analog.Horizon;
import io.analogcast.config.AnalogcastConfig;
import io.analogcast.forecast.ForecastDtos.HorizonForecast;
import io.analogcast.variable.Variable;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes every computed forecast to {@code issued_forecast} off the request path: requests enqueue, one writer
 * thread persists what has accumulated in one transaction. A full queue makes callers wait (nothing is dropped).
 */
@ApplicationScoped
public class IssuedForecastLog {

    private static final int MAX_PER_TRANSACTION = 500;

    private final boolean enabled;
    private final ObjectMapper json;
    private final BlockingQueue<IssuedForecast> queue = new LinkedBlockingQueue<>(10_000);
    private final AtomicInteger pending = new AtomicInteger();
    private final Thread writer;
    private volatile boolean running = true;

    public IssuedForecastLog(AnalogcastConfig config, ObjectMapper json) {
        this.enabled = config.forecast().recordIssued();
        this.json = json;
        this.writer = new Thread(this::drainLoop, "issued-forecast-writer");
        writer.setDaemon(true);
        if (enabled) {
            writer.start();
        }
    }

    public void record(ForecastQuery query, String stationId, Instant stateTime, List<HorizonForecast> forecasts) {
        if (!enabled) {
            return;
        }
        Instant now = Instant.now();
        String request = json.valueToTree(requestOf(query)).toString();
        for (HorizonForecast f : forecasts) {
            IssuedForecast row = new IssuedForecast();
            row.issuedAt = now;
            row.stationId = stationId;
            row.stateTime = stateTime;
            row.validTime = f.validTime();
            row.horizonHours = Horizon.parse(f.horizon()).hours();
            row.indexBuildId = f.index().buildId();
            row.analogs = f.k();
            row.request = request;
            row.variables = json.valueToTree(f.variables()).toString();
            try {
                pending.incrementAndGet();
                queue.put(row);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits until everything enqueued so far is in the database (tests, shutdown). */
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void drainLoop() {
        List<IssuedForecast> batch = new ArrayList<>(MAX_PER_TRANSACTION);
        while (running || !queue.isEmpty()) {
            try {
                IssuedForecast first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_PER_TRANSACTION - 1);
                persist(batch);
                pending.addAndGet(-batch.size());
                batch.clear();
            } catch (InterruptedException e) {
                running = false;
            }
        }
    }

    private void persist(List<IssuedForecast> batch) {
        try {
            QuarkusTransaction.requiringNew().run(() -> IssuedForecast.persist(batch));
        } catch (RuntimeException e) {
            // the database is the system of record for verification: say loudly what could not be kept
            Log.errorf("could not record %d issued forecasts: %s", batch.size(), e.getMessage());
        }
    }

    private static Map<String, Object> requestOf(ForecastQuery query) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("vars", query.variables().stream().map(Variable::id).toList());
        request.put("horizons", query.horizons().stream().map(Object::toString).toList());
        request.put("k", query.k());
        if (!query.thresholds().isEmpty()) {
            Map<String, List<Double>> exceed = new LinkedHashMap<>();
            query.thresholds().forEach((v, t) -> exceed.put(v.id(), t));
            request.put("exceed", exceed);
        }
        if (query.time() != null) {
            request.put("time", query.time().toString());
        }
        request.put("explicit_state", query.explicitState() != null);
        return request;
    }

    /**
     * On shutdown (after in-flight requests completed, before the persistence unit closes), everything queued is
     * written: an issued forecast that was answered is never lost.
     */
    void drainOnShutdown(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        flush();
    }

    @PreDestroy
    void shutdown() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
