package io.analogcast.forecast;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.io.IOException;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** JSON shapes of the forecast API (snake_case on the wire). */
public final class ForecastDtos {
    private ForecastDtos() {
    }

    @Schema(description = "A forecast request (POST /forecast, or one item of POST /forecast/batch)")
    public record ForecastRequest(
            @Schema(description = "Station id; the default station when absent") String station,
            @Schema(description = "State time (ISO-8601 with offset); the latest observation when absent. "
                    + "Ignored when 'state' is given.") String time,
            @Schema(description = "Horizons, e.g. [\"6h\", \"24h\"]", example = "[\"24h\"]") List<String> horizons,
            @Schema(description = "Variables, e.g. [\"t2m\", \"u10\", \"v10\"]") List<String> vars,
            @Schema(description = "Number of analogs") Integer k,
            @Schema(description = "Exceedance thresholds per variable, e.g. {\"t2m\": [30, 35]}") Map<String, List<Double>> exceed,
            @Schema(description = "Return the analogs' times, distances and weights") Boolean includeAnalogs,
            @Schema(description = "Explicit recent observations instead of stored ones") ExplicitState state) {
    }

    @Schema(description = "Recent observations ending at 'time': for each predictor, one value per hour of the "
            + "state window, oldest first")
    public record ExplicitState(
            @Schema(description = "Time of the last value (ISO-8601 with offset)") String time,
            @Schema(description = "Predictor id to hourly values, oldest first, e.g. {\"t2m\": [14.1, ...]}")
            Map<String, List<Double>> values) {
    }

    public record BatchRequest(List<ForecastRequest> requests) {
    }

    public record BatchResponse(List<ForecastResponse> results, double latencyMs) {
    }

    /**
     * {@code stateIsNewestHour} and {@code newestObservation} appear when a forecast without {@code time} starts from
     * an earlier hour, because the newest one lacks a predictor (within analogcast.forecast.max-state-age).
     */
    public record ForecastResponse(StationInfo station, DataInfo data, Instant stateTime, Boolean stateIsNewestHour,
            Instant newestObservation, SerializedForecasts forecasts, double latencyMs) {
    }

    /**
     * The horizon forecasts of a response as the cache keeps them: a JSON array, written into the response as it
     * is, so that a cached answer costs no serialization.
     */
    @JsonSerialize(using = SerializedForecasts.Writer.class)
    @Schema(type = SchemaType.ARRAY, implementation = HorizonForecast.class)
    public record SerializedForecasts(String json) {

        static final class Writer extends StdSerializer<SerializedForecasts> {
            Writer() {
                super(SerializedForecasts.class);
            }

            @Override
            public void serialize(SerializedForecasts value, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                generator.writeRawValue(value.json());
            }
        }
    }

    public record StationInfo(String id, String name, Double latitude, Double longitude) {
    }

    @Schema(description = "Where the analogs' history comes from; synthetic=true for the built-in demo data")
    public record DataInfo(String source, boolean synthetic) {
    }

    public record HorizonForecast(String horizon, Instant validTime, IndexInfo index, int k,
            Map<String, VariableForecast> variables, List<AnalogInfo> analogs) {
    }

    /**
     * The index a forecast searched; {@code predictors} are the variables its states are made of at this station;
     * {@code anchor} says which variables' ensembles moved towards the blend the build fitted, and how far (absent
     * when none did: the horizon is not anchored, or the station's history is too short for a fit).
     */
    public record IndexInfo(String buildId, String type, String parameters, long vectors, List<String> predictors,
            AnchorInfo anchor) {
    }

    @Schema(description = "Anchoring on the persistence-climatology blend fitted on the build's history (up to "
            + "fitted_until): the share of the way the ensemble moved towards the blend's centre, and per anchored "
            + "variable that centre and the factor its spread around its mean was scaled by (1: kept)")
    public record AnchorInfo(double weight, Map<String, Double> centres, Map<String, Double> spreads,
            Instant fittedUntil) {
    }

    @Schema(description = "Ensemble statistics of one variable; 'value' is the analog-weighted mean. For wdir "
            + "only value (direction of the mean wind vector), analog_count and confidence are given.")
    public record VariableForecast(String unit, double value, Double median, Double p05, Double p10, Double p25,
            Double p75, Double p90, Double p95, Double std, Double min, Double max, int analogCount,
            double confidence, List<Exceedance> exceedance) {
    }

    @Schema(description = "Probability that the variable exceeds the threshold")
    public record Exceedance(double threshold, double probability) {
    }

    public record AnalogInfo(Instant time, double distance, double weight) {
    }

    @Schema(description = "What a station can be asked: served horizons, forecastable variables, predictors, limits "
            + "and the configured risk events (analogcast.forecast.risk.*) among its variables")
    public record OptionsResponse(StationInfo station, DataInfo data, Instant newestObservation, List<String> horizons,
            List<VariableInfo> variables, List<String> predictors, int defaultK, int maxK, List<RiskInfo> risks) {
    }

    public record VariableInfo(String id, String unit, String description) {
    }

    @Schema(description = "A risk event: the variable above a threshold (its probability is the forecast's exceedance)")
    public record RiskInfo(String name, String variable, double above, String unit) {
    }

    @Schema(description = "One horizon's analogs as its forecast found and weighted them, each with its state and "
            + "the hours that followed it (none after the state time)")
    public record AnalogsResponse(StationInfo station, DataInfo data, Instant stateTime, HorizonForecast forecast,
            @Schema(description = "Predictors and requested variables at the state time (null when not observed)")
            Map<String, Double> current,
            @Schema(description = "Hours after each analog in 'following' (0 to this, inclusive)") int followingHours,
            List<ExploredAnalog> analogs, double latencyMs) {
    }

    @Schema(description = "An analog: its time, distance and normalised weight, its state (predictors and requested "
            + "variables at its time), its member of the ensemble per variable, and the hourly values that followed it "
            + "(index 0 = the analog's time; null where not observed or after the forecast's state time)")
    public record ExploredAnalog(Instant time, double distance, double weight, Map<String, Double> state,
            Map<String, Double> member, Map<String, List<Double>> following) {
    }
}
