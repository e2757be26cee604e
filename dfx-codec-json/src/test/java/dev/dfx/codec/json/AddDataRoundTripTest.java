package dev.dfx.codec.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.MeasurementAction;
import dev.dfx.core.body.AddDataRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.WithNull;

/** Round-trip properties of AddData (docs/protocol.md §4.1) over random payloads, actions, orders and times. */
class AddDataRoundTripTest {
    private final JacksonBodyCodec codec = JacksonBodyCodec.create();

    @Property(tries = 300)
    void addData_roundTripsAndKeepsPayloadLastAsJdkBase64(
            @ForAll @StringLength(min = 1, max = 40) String measurementId,
            @ForAll MeasurementAction action,
            @ForAll @Size(max = 20_000) byte[] payload,
            @ForAll @WithNull @IntRange(min = 0, max = 100_000) Integer chunkOrder,
            @ForAll @WithNull @DoubleRange(min = 0, max = 1e6) Double startTime,
            @ForAll @WithNull @DoubleRange(min = 0, max = 1e6) Double duration,
            @ForAll @WithNull @Size(max = 500) byte[] meta,
            @ForAll @IntRange(min = 0, max = 64) int headroom) {
        if (measurementId.isBlank()) {
            measurementId = "M" + measurementId;
        }
        Double endTime = startTime == null || duration == null ? null : startTime + duration;
        AddDataRequest r = new AddDataRequest(measurementId, action, ByteBuffer.wrap(payload), chunkOrder, startTime,
                endTime, duration, meta == null ? null : ByteBuffer.wrap(meta));

        ByteBuffer encoded = codec.encode(r, headroom);

        assertThat(encoded.position()).isZero();
        byte[] all = new byte[encoded.remaining()];
        encoded.duplicate().get(all);
        String text = new String(all, headroom, all.length - headroom, StandardCharsets.ISO_8859_1);
        assertThat(text.chars()).allMatch(c -> c < 0x80);
        assertThat(text).endsWith(",\"Payload\":\"" + Base64.getEncoder().encodeToString(payload) + "\"}");
        AddDataRequest back = codec.decode(encoded.duplicate().position(headroom), AddDataRequest.class);
        assertThat(back).isEqualTo(r);
        assertThat(back.action()).isSameAs(action);
    }
}
