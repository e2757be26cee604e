package dev.dfx.core;

import java.util.Objects;

/**
 * The {@code Action} of an AddData chunk (docs/protocol.md §4.2): a stage (FIRST, CHUNK, LAST) and a mode (PROCESS,
 * IGNORE), written on the wire as {@code STAGE::MODE}.
 */
public enum MeasurementAction {
    /** Begin the measurement with this chunk and emit a result for it. */
    FIRST_PROCESS(Stage.FIRST, Mode.PROCESS),
    /** Begin the measurement with this chunk; no result for it. */
    FIRST_IGNORE(Stage.FIRST, Mode.IGNORE),
    /** Append the next chunk and emit a result for it. */
    CHUNK_PROCESS(Stage.CHUNK, Mode.PROCESS),
    /** Append the next chunk; no result for it. */
    CHUNK_IGNORE(Stage.CHUNK, Mode.IGNORE),
    /** Append the final chunk, close the measurement, emit the final result. */
    LAST_PROCESS(Stage.LAST, Mode.PROCESS),
    /** Append the final chunk and close the measurement without processing it; no result. */
    LAST_IGNORE(Stage.LAST, Mode.IGNORE);

    /** Where a chunk stands in the measurement. */
    public enum Stage {
        /** The opening chunk (index 0). */
        FIRST,
        /** A middle chunk. */
        CHUNK,
        /** The closing chunk. */
        LAST
    }

    /** Whether the server returns a result for the chunk. */
    public enum Mode {
        /** Process the chunk and send a result. */
        PROCESS,
        /** Send no result for the chunk. */
        IGNORE
    }

    private final Stage stage;
    private final Mode mode;
    private final String wire;

    MeasurementAction(Stage stage, Mode mode) {
        this.stage = stage;
        this.mode = mode;
        this.wire = stage.name() + "::" + mode.name();
    }

    /**
     * @param stage the stage
     * @param mode the mode
     * @return the action with that stage and mode
     */
    public static MeasurementAction of(Stage stage, Mode mode) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(mode, "mode");
        for (MeasurementAction a : values()) {
            if (a.stage == stage && a.mode == mode) {
                return a;
            }
        }
        throw new AssertionError("unreachable");
    }

    /**
     * Parses the wire form, exactly and case-sensitively.
     *
     * @param wire e.g. {@code "CHUNK::PROCESS"}
     * @return the action
     * @throws IllegalArgumentException naming the accepted forms if wire is anything else
     */
    public static MeasurementAction parse(String wire) {
        Objects.requireNonNull(wire, "wire");
        for (MeasurementAction a : values()) {
            if (a.wire.equals(wire)) {
                return a;
            }
        }
        throw new IllegalArgumentException("action must be STAGE::MODE with STAGE in FIRST|CHUNK|LAST and MODE in "
                + "PROCESS|IGNORE, got '" + ActionId.printable(wire) + "'");
    }

    /** @return the stage */
    public Stage stage() {
        return stage;
    }

    /** @return the mode */
    public Mode mode() {
        return mode;
    }

    /** @return true for PROCESS: the server emits a result for this chunk */
    public boolean producesResult() {
        return mode == Mode.PROCESS;
    }

    /** @return the wire form, e.g. {@code "LAST::PROCESS"} */
    public String wire() {
        return wire;
    }

    /** @return the wire form */
    @Override
    public String toString() {
        return wire;
    }
}
