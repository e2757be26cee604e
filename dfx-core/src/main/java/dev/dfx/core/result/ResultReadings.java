package dev.dfx.core.result;

import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.body.SignalChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A result's points as people read them (docs/protocol.md §5.3): every channel of the result becomes a
 * {@link PointReading} with real values ({@code Data / Multiplier}, Multiplier 1 when absent) and, when the point is
 * known, its {@link PointCatalogue} entry. Unknown points are kept with their values untouched. A result without
 * {@code Channels} gives no points. Immutable and thread-safe.
 *
 * <p>Example: {@code ResultReadings.of(result).point("HR_BPM").map(PointReading::value)}.
 *
 * @param result the result read
 * @param multiplier the multiplier used: the result's {@code Multiplier}, or 1 when absent (0 on the record)
 * @param points point id to reading, in point id order; unmodifiable
 */
public record ResultReadings(MeasurementResult result, long multiplier, Map<String, PointReading> points) {

    /**
     * Validates and copies.
     *
     * @throws NullPointerException if result, points or an entry is null
     * @throws IllegalArgumentException if multiplier is 0
     */
    public ResultReadings {
        Objects.requireNonNull(result, "result");
        if (multiplier == 0) {
            throw new IllegalArgumentException("multiplier must not be 0 (an absent Multiplier is 1, §5.3)");
        }
        points = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(Objects.requireNonNull(points,
                "points"))));
    }

    /**
     * Reads a result.
     *
     * @param result a result from a measurement stream or from the Retrieve fallback
     * @return its readings
     * @throws NullPointerException if result is null
     */
    public static ResultReadings of(MeasurementResult result) {
        Objects.requireNonNull(result, "result");
        long m = result.effectiveMultiplier();
        Map<String, PointReading> points = new TreeMap<>();
        result.channels().forEach((id, c) -> points.put(id, read(id, c, m)));
        return new ResultReadings(result, m, points);
    }

    /**
     * @param pointId e.g. {@code HR_BPM}
     * @return the point's reading, or empty if the result does not carry it
     * @throws NullPointerException if pointId is null
     */
    public Optional<PointReading> point(String pointId) {
        return Optional.ofNullable(points.get(Objects.requireNonNull(pointId, "pointId")));
    }

    /** @return the readings of the points the catalogue does not know, in id order */
    public List<PointReading> unknownPoints() {
        List<PointReading> out = new ArrayList<>();
        for (PointReading r : points.values()) {
            if (r.info() == null) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    private static PointReading read(String id, SignalChannel c, long multiplier) {
        List<Double> values = new ArrayList<>(c.data().size());
        for (long d : c.data()) {
            values.add(d / (double) multiplier);
        }
        return new PointReading(id, c.channel(), c.data(), values, c.notes(), PointCatalogue.lookup(id).orElse(null));
    }
}
