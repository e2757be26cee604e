package dev.dfx.core.body;

import java.util.List;

/**
 * One point of a result: {@code {"Channel":str,"Data":[int...],"Notes":[str...]}} (docs/protocol.md §5.3). The real
 * values are {@code data[i] / multiplier} of the enclosing {@link MeasurementResult}.
 *
 * @param channel the channel name (e.g. {@code slow/toi4}); empty if absent
 * @param data the raw integer values
 * @param notes notes such as {@code NOTE_SNR_BELOW_THRESHOLD}; empty if absent
 */
public record SignalChannel(String channel, List<Long> data, List<String> notes) {
    /** Normalises nulls and copies. */
    public SignalChannel {
        channel = channel == null ? "" : channel;
        data = data == null ? List.of() : List.copyOf(data);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
