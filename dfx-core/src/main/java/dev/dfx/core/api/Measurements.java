package dev.dfx.core.api;

import dev.dfx.core.ActionId;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The Measurements actions other than the stream itself (docs/protocol.md §3.3, §5.4); streaming is
 * {@link dev.dfx.core.DfxClient#startMeasurement} and {@link dev.dfx.core.DfxClient#measure}. Thread-safe; futures
 * complete on the client's executor and fail with the typed errors of docs/style.md §5.
 */
public final class Measurements {
    private final ApiRequester api;

    private Measurements(ApiRequester api) {
        this.api = api;
    }

    /** @param api sends the requests @return the facade */
    public static Measurements of(ApiRequester api) {
        return new Measurements(Objects.requireNonNull(api, "api"));
    }

    /**
     * {@code 0504} Measurements.Create.
     *
     * @param request the study and resolution
     * @return the new measurement's id; fails e.g. with a {@link dev.dfx.core.error.DfxServerException} whose code
     *     says the study is unknown
     */
    public CompletableFuture<CreateMeasurementResponse> create(CreateMeasurementRequest request) {
        Objects.requireNonNull(request, "request");
        return api.send(ActionId.MEASUREMENTS_CREATE, request.toBody())
                .thenApply(m -> CreateMeasurementResponse.fromBody(m.bodyValue()));
    }

    /**
     * {@code 0500} Measurements.Retrieve with {@code Query.ExpandResults} true (docs/protocol.md §3.3 [INF]).
     *
     * @param measurementId the measurement
     * @return its stored record; {@link MeasurementRecord#results()} is null while there are none
     */
    public CompletableFuture<MeasurementRecord> retrieve(String measurementId) {
        Objects.requireNonNull(measurementId, "measurementId");
        if (measurementId.isBlank()) {
            throw new IllegalArgumentException("measurementId must not be blank");
        }
        return api.send(ActionId.MEASUREMENTS_RETRIEVE, Map.of("Params", Map.of("ID", measurementId),
                "Query", Map.of("ExpandResults", true))).thenApply(m -> MeasurementRecord.fromBody(m.bodyValue()));
    }

    /**
     * {@code 0501} Measurements.List.
     *
     * @param request page and filters
     * @return the page and the total count
     */
    public CompletableFuture<MeasurementList> list(ListMeasurementsRequest request) {
        Objects.requireNonNull(request, "request");
        return api.send(ActionId.of("0501"), request.toBody())
                .thenApply(m -> MeasurementList.fromBody(m.bodyValue()));
    }
}
