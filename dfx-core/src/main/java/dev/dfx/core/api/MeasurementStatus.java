package dev.dfx.core.api;

import java.util.Locale;

/**
 * A stored measurement's {@code StatusID} (docs/protocol.md §5.4: {@code CAPTURING|PROCESSING|COMPLETE|ERROR|INCOMPLETE};
 * {@code PARTIAL} too, the final-result status of §5.3). A status this SDK does not know reads as {@link #UNKNOWN};
 * the raw text stays on the record.
 */
public enum MeasurementStatus {
    /** Chunks are still arriving. */
    CAPTURING,
    /** All chunks in; results being computed. */
    PROCESSING,
    /** Done with every result. */
    COMPLETE,
    /** Done with some results missing. */
    PARTIAL,
    /** Failed. */
    ERROR,
    /** Ended without all chunks. */
    INCOMPLETE,
    /** Absent or not one of the above. */
    UNKNOWN;

    /**
     * @param statusId the wire text, or null
     * @return the status; {@link #UNKNOWN} for null or an unknown text
     */
    public static MeasurementStatus parse(String statusId) {
        if (statusId == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(statusId.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** @return true for COMPLETE, PARTIAL, ERROR and INCOMPLETE: nothing more will change */
    public boolean isFinal() {
        return this == COMPLETE || this == PARTIAL || this == ERROR || this == INCOMPLETE;
    }
}
