package dev.dfx.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.MeasurementAction;
import dev.dfx.core.body.AddDataRequest;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.WithNull;

/**
 * The codec writes an AddData body byte for byte as its JSON generator writes the same fields from a map: so the
 * hand-written fast path for plain ids (and the generator path for ids that need escaping) changes no byte on the
 * wire (docs/protocol.md §4.1).
 */
class AddDataEncodingTest {
    private static final JacksonBodyCodec CODEC = JacksonBodyCodec.create();

    @Property(tries = 500)
    void addDataBody_isByteForByteTheGeneratorsJsonOfTheSameFields(
            @ForAll("ids") String id, @ForAll("actions") MeasurementAction action,
            @ForAll @WithNull(0.3) @IntRange(max = Integer.MAX_VALUE) Integer chunkOrder,
            @ForAll("seconds") Double start, @ForAll("seconds") Double end, @ForAll("durations") Double duration,
            @ForAll @WithNull(0.5) @Size(max = 40) byte[] meta, @ForAll @Size(max = 7000) byte[] payload,
            @ForAll @IntRange(max = 20) int headroom) {
        AddDataRequest request = new AddDataRequest(id, action, ByteBuffer.wrap(payload), chunkOrder, start, end,
                duration, meta == null ? null : ByteBuffer.wrap(meta));
        Map<String, Object> same = new LinkedHashMap<>();
        same.put("Params", Map.of("ID", id));
        same.put("Action", action.wire());
        putIfPresent(same, "ChunkOrder", chunkOrder);
        putIfPresent(same, "StartTime", start);
        putIfPresent(same, "EndTime", end);
        putIfPresent(same, "Duration", duration);
        putIfPresent(same, "Meta", meta == null ? null : Base64.getEncoder().encodeToString(meta));
        same.put("Payload", Base64.getEncoder().encodeToString(payload));

        ByteBuffer actual = CODEC.encode(request, headroom);
        ByteBuffer expected = CODEC.encode(same, headroom);

        assertThat(actual).isEqualTo(expected);
        assertThat(actual.position()).isZero();
        assertThat(actual.remaining()).isEqualTo(expected.remaining());
    }

    @Example
    void addDataBody_ofTheBenchmarkFixture_isTheExpectedJson() {
        ByteBuffer body = CODEC.encode(Fixtures.addData(ByteBuffer.wrap(new byte[] {1, 2, 3, 4})), 0);

        assertThat(new String(body.array(), 0, body.limit(), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("{\"Params\":{\"ID\":\"" + Fixtures.MEASUREMENT_ID + "\"},\"Action\":\"CHUNK::PROCESS\","
                        + "\"ChunkOrder\":3,\"StartTime\":15.0,\"EndTime\":20.0,\"Duration\":5.0,"
                        + "\"Payload\":\"AQIDBA==\"}");
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    @Provide
    Arbitrary<String> ids() {
        Arbitrary<String> plain = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(40)
                .filter(s -> !s.isBlank());
        Arbitrary<String> any = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(20).filter(s -> !s.isBlank());
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, plain), net.jqwik.api.Tuple.of(1, any),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Fixtures.MEASUREMENT_ID, "a\"b", "back\\slash", "é", "\u007f")));
    }

    @Provide
    Arbitrary<MeasurementAction> actions() {
        return Arbitraries.of(MeasurementAction.class);
    }

    @Provide
    Arbitrary<Double> seconds() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.of(0.0, -0.0, 5.0, 1e-7, 1.0E23, 123456789.125, Double.MIN_VALUE, Double.MAX_VALUE),
                Arbitraries.doubles())
                .injectNull(0.3);
    }

    @Provide
    Arbitrary<Double> durations() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(0, 1e4), Arbitraries.of(0.0, 5.0, 2e-3, 1e300))
                .injectNull(0.3);
    }
}
