package dev.dfx.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.ActionId;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.MeasurementOptions;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.RequestId;
import dev.dfx.core.frame.FrameCodec;
import dev.dfx.core.frame.RequestFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile server frames (issue 7): random bytes, truncated headers, non-digit status, bodies that are not JSON,
 * unknown request ids, huge bodies, and mutations of well-formed frames, as BINARY and TEXT. For each one: nothing is
 * thrown out of the transport callback, the frame is reported to the error listener (or, if a mutation happened to
 * produce a well-formed answer, it answers a request), every pending future completes or times out under the manual
 * clock, and a well-formed request round-trips afterwards.
 */
class ServerFrameFuzzTest {
    private static final MeasurementOptions UNPACED = new MeasurementOptions(false, Duration.ZERO,
            Duration.ofSeconds(30));

    /** One generated frame. */
    record Hostile(String kind, byte[] bytes, boolean text) {
        @Override
        public String toString() {
            return kind + (text ? " text " : " binary ") + bytes.length + " bytes "
                    + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 24)));
        }
    }

    private static byte[] frame(String id, String status, byte[] body) {
        byte[] head = (id + status).getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    private static Arbitrary<String> ids() {
        return Arbitraries.strings().withCharRange('!', '~').ofLength(10);
    }

    @Provide
    Arbitrary<Hostile> hostileFrames() {
        Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<Hostile> random = randomBytes.map(b -> new Hostile("random", b, false));
        Arbitrary<Hostile> truncated = Combinators.combine(ids(), Arbitraries.integers().between(0, 12))
                .as((id, n) -> new Hostile("truncated", Arrays.copyOf(frame(id, "200", new byte[0]), n), false));
        Arbitrary<Hostile> nonDigit = Combinators.combine(ids(),
                        Arbitraries.strings().withChars("0123456789x- ./A\u00e9").ofLength(3)
                                .filter(s -> !s.matches("\\d{3}")))
                .as((id, st) -> new Hostile("non-digit status", frame(id, st, "{}".getBytes()), false));
        Arbitrary<Hostile> notJson = Combinators.combine(ids(), randomBytes)
                .as((id, b) -> new Hostile("not-JSON body", frame(id, "200", b), false));
        Arbitrary<Hostile> unknownId = Combinators.combine(ids(), Arbitraries.integers().between(100, 999))
                .as((id, st) -> new Hostile("unknown id", frame(id, String.valueOf(st), "{\"Code\":\"X\"}".getBytes()),
                        false));
        Arbitrary<Hostile> huge = Combinators.combine(ids(), Arbitraries.integers().between(64 * 1024, 1024 * 1024))
                .as((id, n) -> new Hostile("huge", frame(id, "200", new byte[n]), false));
        Arbitrary<Hostile> mutated = Combinators.combine(ids(), Arbitraries.integers().between(0, 40),
                        Arbitraries.bytes())
                .as((id, pos, b) -> {
                    byte[] f = frame(id, "200", "{\"ID\":\"M:0\",\"ChunkOrder\":0}".getBytes());
                    f[pos % f.length] = b;
                    return new Hostile("mutated", f, false);
                });
        Arbitrary<Hostile> binary = Arbitraries.oneOf(random, truncated, nonDigit, notJson, unknownId, huge,
                mutated);
        return Combinators.combine(binary, Arbitraries.integers().between(0, 3)).as((h, t) -> t == 0 && h.bytes.length
                < 4096 ? new Hostile(h.kind, h.bytes, true) : h);
    }

    @Property(tries = 10_000)
    void hostileFrame_isReported_leavesNothingHanging_andTheConnectionStaysUsable(
            @ForAll("hostileFrames") Hostile h) {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 1, UNPACED);
            c.respond(m.subscriptionId(), 200, "{}");
            CompletableFuture<DfxMessage> pending = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            int errorsBefore = fx.errors.size();

            if (h.text()) {
                c.pushText(new String(h.bytes(), StandardCharsets.ISO_8859_1));
            } else {
                c.pushBinary(ByteBuffer.wrap(h.bytes()));
            }

            // Reported, unless a mutation produced a well-formed answer to a live id.
            assertThat(fx.errors.size() > errorsBefore || pending.isDone() || m.completion().isDone()
                    || hitsLiveId(h, m.subscriptionId())).as("%s reported", h).isTrue();
            assertThat(fx.client.state()).isEqualTo(dev.dfx.core.ConnectionState.READY);

            // Still usable: a well-formed request round-trips.
            CompletableFuture<DfxMessage> probe = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            RequestFrame sent = c.lastFrame();
            c.respond(sent, 200, "{\"StatusID\":\"ACTIVE\"}");
            assertThat(probe).isCompleted();
            assertThat(probe.join().status()).isEqualTo(200);

            // Nothing hangs: past the request timeout every future is done.
            fx.time.advance(fx.config.requestTimeout().plus(Duration.ofSeconds(1)));
            assertThat(pending).isDone();
            fx.time.advance(Duration.ofSeconds(31));
            assertThat(m.subscribed()).isDone();
        }
    }

    private static boolean hitsLiveId(Hostile h, RequestId subscription) {
        if (h.bytes().length < FrameCodec.RESPONSE_HEADER_BYTES) {
            return false;
        }
        String id = new String(h.bytes(), 0, 10, StandardCharsets.ISO_8859_1);
        return id.equals(subscription.value()) || id.startsWith("0100");
    }
}
