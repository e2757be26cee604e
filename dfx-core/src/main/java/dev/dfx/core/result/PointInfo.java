package dev.dfx.core.result;

import java.time.Duration;
import java.util.Objects;

/**
 * What the catalogue knows of one point ({@link PointCatalogue}). Immutable.
 *
 * @param id the point id as it appears in a result's {@code Channels}, e.g. {@code HR_BPM}; not blank
 * @param name the name people read, e.g. {@code Pulse Rate}; not blank
 * @param unit the unit of the real value ({@code Data / Multiplier}), e.g. {@code bpm}; empty for a unitless index
 *     or score, never null
 * @param group the group the point is shown under
 * @param firstAppears the measured time after which the point first appears in a result: 5 s for the early points
 *     that every intermediate result carries, 30 s for the rest, which only the final result of a 30 s measurement
 *     carries (docs/protocol.md §5.3); positive
 * @param source the public source of this entry; not blank
 */
public record PointInfo(String id, String name, String unit, PointGroup group, Duration firstAppears,
                        String source) {

    /**
     * Validates.
     *
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if id, name or source is blank, or firstAppears is not positive
     */
    public PointInfo {
        requireText(id, "id");
        requireText(name, "name");
        Objects.requireNonNull(unit, "unit (use \"\" for a unitless point)");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(firstAppears, "firstAppears");
        if (firstAppears.isNegative() || firstAppears.isZero()) {
            throw new IllegalArgumentException("firstAppears must be positive, got " + firstAppears);
        }
        requireText(source, "source");
    }

    /** @return true if the point is one of the early points carried by every intermediate result (§5.3) */
    public boolean isEarly() {
        return firstAppears.compareTo(PointCatalogue.EARLY) <= 0;
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
