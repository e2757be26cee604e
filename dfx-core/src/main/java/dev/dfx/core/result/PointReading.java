package dev.dfx.core.result;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One point of a result with its real values (docs/protocol.md §5.3): each {@code Data[i] / Multiplier}, with Multiplier
 * 1 when the result has none. Most points carry one value; a series (e.g. a point at Resolution 100, or
 * {@code CVD_MULTI_YEAR_RISK_PROBS}) carries several, all kept here in wire order. Immutable and thread-safe.
 *
 * @param id the point id, e.g. {@code HR_BPM}, as received
 * @param channel the point's {@code Channel}, e.g. {@code slow/toi4}; empty if absent, never null
 * @param rawData the integer {@code Data} as received, untouched
 * @param values the real values, {@code rawData[i] / multiplier}, same order and size as rawData
 * @param notes the point's {@code Notes}, e.g. {@code NOTE_SNR_BELOW_THRESHOLD}; empty if absent
 * @param info the catalogue entry, or null for a point the catalogue does not know (it passes through untouched)
 */
public record PointReading(String id, String channel, List<Long> rawData, List<Double> values, List<String> notes,
                           PointInfo info) {

    /**
     * Validates and copies.
     *
     * @throws NullPointerException if id, channel, rawData, values, notes or an element is null
     * @throws IllegalArgumentException if values and rawData differ in size
     */
    public PointReading {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel (use \"\" when absent)");
        rawData = List.copyOf(Objects.requireNonNull(rawData, "rawData"));
        values = List.copyOf(Objects.requireNonNull(values, "values"));
        notes = List.copyOf(Objects.requireNonNull(notes, "notes"));
        if (values.size() != rawData.size()) {
            throw new IllegalArgumentException("values (" + values.size() + ") and rawData (" + rawData.size()
                    + ") must have the same size");
        }
    }

    /**
     * @return the catalogue entry, or empty for an unknown point
     */
    public Optional<PointInfo> catalogueEntry() {
        return Optional.ofNullable(info);
    }

    /** @return the unit from the catalogue, or {@code ""} for an unknown or unitless point */
    public String unit() {
        return info == null ? "" : info.unit();
    }

    /** @return true if Data had no element (then {@link #value()}, {@link #mean()} and {@link #median()} are NaN) */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** @return true if Data had more than one element */
    public boolean isSeries() {
        return values.size() > 1;
    }

    /**
     * The value to show: the single value, or for a series its median (the vendor's web sample app shows a scalar
     * point as the median of its Data).
     *
     * @return the value, or NaN if Data was empty
     */
    public double value() {
        return values.size() == 1 ? values.get(0) : median();
    }

    /** @return the arithmetic mean of the values, or NaN if there are none */
    public double mean() {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.size();
    }

    /** @return the median of the values (the mean of the two middle ones for an even count), or NaN if none */
    public double median() {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
