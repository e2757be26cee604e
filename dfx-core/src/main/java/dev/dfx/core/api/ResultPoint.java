package dev.dfx.core.api;

import java.util.List;

/**
 * One value set of a stored result (docs/protocol.md §5.4: {@code {Data, Multiplier, Notes?}}); the real values are
 * {@code data[i] / multiplier}. {@code Data} may be one number or an array on the wire; it is a list here.
 *
 * @param data the raw values
 * @param multiplier {@code Multiplier}; 1 when absent (as [CPP] takes it)
 * @param notes {@code Notes}; empty if absent
 */
public record ResultPoint(List<Double> data, double multiplier, List<String> notes) {
    /** Copies and normalises. */
    public ResultPoint {
        data = data == null ? List.of() : List.copyOf(data);
        notes = notes == null ? List.of() : List.copyOf(notes);
        if (multiplier == 0 || !Double.isFinite(multiplier)) {
            multiplier = 1;
        }
    }

    /** @return the first value divided by the multiplier, or NaN if there is none */
    public double value() {
        return data.isEmpty() ? Double.NaN : data.get(0) / multiplier;
    }
}
