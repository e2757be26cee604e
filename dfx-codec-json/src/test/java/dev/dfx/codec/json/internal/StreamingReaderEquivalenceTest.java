package dev.dfx.codec.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.body.ErrorBody;
import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.error.DfxProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.core.ErrorReportConfiguration;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The streaming reader of acks, results and error bodies against the tree reader it replaces on the hot path: for
 * random bodies, valid and not (extra fields at any depth, missing optionals, shuffled order, nulls, whitespace,
 * {@code \\uXXXX} escapes in names and strings, integers in every JSON form, wrong types, repeated fields, broken
 * JSON, trailing tokens and NULs, bytes that are not UTF-8, in heap, read-only and direct buffers),
 * {@link BodyReader#read} gives the record the tree path gives, or fails with the same exception type and message;
 * and whenever the streaming reader decides a body itself, the tree path gives an equal record.
 */
class StreamingReaderEquivalenceTest {
    /** Configured as JacksonBodyCodec.create() configures its mapper. */
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .errorReportConfiguration(ErrorReportConfiguration.builder()
                            .maxErrorTokenLength(0).maxRawContentLength(0).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final BodyReader READER = new BodyReader(MAPPER);
    private static final StreamingReader STREAMING = new StreamingReader(MAPPER.tokenStreamFactory());

    @Property(tries = 4000)
    void ack_streamedOrNot_decodesAsTheTreeReader(@ForAll long seed) {
        compare(seed, ChunkAck.class, BodyGen::ack);
    }

    @Property(tries = 4000)
    void result_streamedOrNot_decodesAsTheTreeReader(@ForAll long seed) {
        compare(seed, MeasurementResult.class, BodyGen::result);
    }

    @Property(tries = 3000)
    void errorBody_streamedOrNot_decodesAsTheTreeReader(@ForAll long seed) {
        compare(seed, ErrorBody.class, BodyGen::errorBody);
    }

    @Example
    void codecUsesTheStreamingPath_forThePlainAckOfTheBenchmark() {
        byte[] json = "{\"ID\":\"a:3\",\"ChunkOrder\":3}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer readOnly = ByteBuffer.wrap(json).asReadOnlyBuffer();

        assertThat(STREAMING.read(readOnly, ChunkAck.class)).isEqualTo(new ChunkAck("a:3", 3));
        assertThat(readOnly.position()).isZero();
        assertThat(JacksonBodyCodec.create().decode(readOnly, ChunkAck.class)).isEqualTo(new ChunkAck("a:3", 3));
    }

    /** The shapes the server sends on every chunk must not fall back to the tree (a silent slow path). */
    @Example
    void streamingPath_decidesTheServersUsualResultAndError() {
        String result = "{\"MeasurementID\":\"m\",\"MeasurementDataID\":\"m:3\",\"MeasurementResultID\":\"r\","
                + "\"Multiplier\":10000,\"Channels\":{\"SNR\":{\"Channel\":\"slow/toi4\",\"Data\":[41200]},"
                + "\"HEALTH_SCORE\":{\"Channel\":\"health\",\"Data\":[712000],"
                + "\"Notes\":[\"NOTE_DEGRADED_ACCURACY\",\"NOTE_SNR_BELOW_THRESHOLD\"]}},"
                + "\"Error\":{\"Code\":\"OK\",\"Errors\":{}}}";
        String error = "{\"Code\":\"INVALID_REQUEST\",\"Message\":\"no\",\"Errors\":{\"ID\":{\"msgs\":[\"bad\"]}}}";

        for (var c : List.of(java.util.Map.entry(result, MeasurementResult.class),
                java.util.Map.entry(error, ErrorBody.class))) {
            ByteBuffer body = ByteBuffer.wrap(c.getKey().getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
            Object streamed = STREAMING.read(body, c.getValue());
            assertThat(streamed).as(c.getKey()).isNotNull().isEqualTo(READER.readTree(body, c.getValue()));
        }
    }

    private static <T> void compare(long seed, Class<T> type, Consumer<BodyGen> body) {
        BodyGen g = new BodyGen(new Random(seed));
        body.accept(g);
        byte[] bytes = g.bytes();
        String shown = new String(bytes, StandardCharsets.ISO_8859_1);

        Outcome tree = outcome(() -> READER.readTree(g.buffer(bytes), type));
        ByteBuffer buffer = g.buffer(bytes);
        int position = buffer.position();
        Outcome read = outcome(() -> READER.read(buffer, type));
        T streamed = STREAMING.read(g.buffer(bytes), type);

        assertThat(read).as("read vs tree for %s", shown).isEqualTo(tree);
        assertThat(buffer.position()).as("body not consumed").isEqualTo(position);
        if (streamed != null) {
            assertThat(tree.value).as("streamed vs tree for %s", shown).isEqualTo(streamed);
        }
        Statistics.label("path").collect(streamed != null ? "streamed" : tree.value != null ? "tree" : "failed");
        Statistics.label("path").coverage(c -> {
            c.check("streamed").percentage(p -> p > 25);
            c.check("tree").percentage(p -> p > 1);
            c.check("failed").percentage(p -> p > 10);
        });
    }

    private static Outcome outcome(java.util.function.Supplier<?> decode) {
        try {
            return new Outcome(decode.get(), null, null);
        } catch (RuntimeException e) {
            return new Outcome(null, e.getClass(), e.getMessage());
        }
    }

    /** A decoded value, or the class and message of the failure. */
    private record Outcome(Object value, Class<?> failure, String message) {
        Outcome {
            assertThat(failure == null || failure == DfxProtocolException.class)
                    .as("only DfxProtocolException, got %s: %s", failure, message).isTrue();
        }
    }

    /** Writes one random JSON body; {@code mess} is how often a field takes an odd form. */
    private static final class BodyGen {
        private static final String CHARS = "abcXYZ019:-_/ .é中\"\\\n\t😀";
        private static final String[] FIELD_NOISE = {"id", "Id", "ID ", "chunkorder", "Data ", "x", "", "msgs", "Code"};
        private final Random r;
        private final double mess;
        private final StringBuilder sb = new StringBuilder();

        BodyGen(Random r) {
            this.r = r;
            double d = r.nextDouble();
            this.mess = d < 0.45 ? 0 : d * 0.2;
        }

        private boolean odd() {
            return r.nextDouble() < mess;
        }

        // ---- the three body shapes ----------------------------------------------------------------------------

        void ack() {
            List<Runnable> fields = new ArrayList<>();
            field(fields, "ID", () -> stringValue());
            field(fields, "ChunkOrder", () -> integer(r.nextInt(4) == 0 ? r.nextInt(Integer.MAX_VALUE) : r.nextInt(9)));
            object(fields, 2);
        }

        void result() {
            List<Runnable> fields = new ArrayList<>();
            for (String f : new String[] {"MeasurementID", "MeasurementDataID", "MeasurementResultID", "StatusID"}) {
                field(fields, f, () -> stringValue());
            }
            field(fields, "Multiplier", () -> integer(r.nextBoolean() ? 10_000 : r.nextInt()));
            field(fields, "Channels", () -> {
                List<Runnable> channels = new ArrayList<>();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    String key = r.nextBoolean() ? "P" + r.nextInt(8) : randomString();
                    channels.add(() -> {
                        name(key);
                        if (odd()) {
                            anyValue(2);
                        } else {
                            channel();
                        }
                    });
                }
                object(channels, 2);
            });
            field(fields, "Error", () -> {
                List<Runnable> error = new ArrayList<>();
                field(error, "Code", () -> sb.append(r.nextBoolean() ? "\"OK\"" : "\"\""));
                field(error, "Errors", () -> errors());
                object(error, 2);
            });
            object(fields, 2);
        }

        void errorBody() {
            List<Runnable> fields = new ArrayList<>();
            field(fields, "Code", () -> stringValue());
            field(fields, "Message", () -> stringValue());
            field(fields, "Errors", () -> errors());
            object(fields, 2);
        }

        private void channel() {
            List<Runnable> fields = new ArrayList<>();
            field(fields, "Channel", () -> stringValue());
            field(fields, "Data", () -> array(r.nextInt(6), () -> integer(r.nextInt(2_000_000))));
            field(fields, "Notes", () -> {
                if (r.nextInt(4) == 0) {
                    stringValue();
                } else {
                    array(r.nextInt(3), this::stringValue);
                }
            });
            object(fields, 1);
        }

        private void errors() {
            List<Runnable> keys = new ArrayList<>();
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                String key = r.nextBoolean() ? "E" + r.nextInt(4) : randomString();
                keys.add(() -> {
                    name(key);
                    switch (r.nextInt(5)) {
                        case 0 -> stringValue();
                        case 1 -> array(r.nextInt(3), this::stringValue);
                        case 2 -> sb.append("null");
                        default -> {
                            List<Runnable> inner = new ArrayList<>();
                            field(inner, "msgs", () -> array(r.nextInt(3), this::stringValue));
                            object(inner, 1);
                        }
                    }
                });
            }
            object(keys, 1);
        }

        // ---- building blocks ----------------------------------------------------------------------------------

        /** A known field: usually its plain value; sometimes missing, null, repeated or of any other JSON value. */
        private void field(List<Runnable> fields, String name, Runnable plain) {
            int times = odd() && r.nextInt(4) == 0 ? 2 : 1;
            if (odd() && r.nextBoolean()) {
                return; // missing
            }
            for (int i = 0; i < times; i++) {
                fields.add(() -> {
                    name(name);
                    if (r.nextInt(12) == 0) {
                        sb.append("null");
                    } else if (odd()) {
                        anyValue(2);
                    } else {
                        plain.run();
                    }
                });
            }
        }

        /** The fields in random order, with unknown fields of any depth among them. */
        private void object(List<Runnable> fields, int extraDepth) {
            List<Runnable> all = new ArrayList<>(fields);
            int extra = r.nextInt(3) == 0 ? r.nextInt(4) : 0;
            for (int i = 0; i < extra; i++) {
                String key = r.nextBoolean() ? FIELD_NOISE[r.nextInt(FIELD_NOISE.length)] : randomString();
                all.add(() -> {
                    name(key);
                    anyValue(extraDepth + r.nextInt(3));
                });
            }
            Collections.shuffle(all, r);
            sb.append('{');
            for (int i = 0; i < all.size(); i++) {
                if (i > 0) {
                    ws();
                    sb.append(',');
                }
                ws();
                all.get(i).run();
                ws();
            }
            sb.append('}');
        }

        private void array(int n, Runnable item) {
            sb.append('[');
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                ws();
                item.run();
                ws();
            }
            sb.append(']');
        }

        private void name(String name) {
            quoted(name);
            ws();
            sb.append(':');
            ws();
        }

        private void anyValue(int depth) {
            switch (r.nextInt(depth > 0 ? 8 : 6)) {
                case 0 -> stringValue();
                case 1 -> integer(r.nextLong());
                case 2 -> sb.append(r.nextBoolean() ? "true" : "false");
                case 3 -> sb.append("null");
                case 4 -> sb.append(r.nextBoolean() ? "1.5" : "-2e-3");
                case 5 -> integer(r.nextInt(100));
                case 6 -> array(r.nextInt(3), () -> anyValue(depth - 1));
                default -> {
                    List<Runnable> inner = new ArrayList<>();
                    int n = r.nextInt(3);
                    for (int i = 0; i < n; i++) {
                        String key = randomString();
                        inner.add(() -> {
                            name(key);
                            anyValue(depth - 1);
                        });
                    }
                    object(inner, 0);
                }
            }
        }

        private void stringValue() {
            quoted(randomString());
        }

        private String randomString() {
            int n = r.nextInt(12);
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < n; i++) {
                int at = r.nextInt(CHARS.length());
                char c = CHARS.charAt(at);
                if (Character.isHighSurrogate(c) || Character.isLowSurrogate(c)) {
                    s.append("😀");
                } else {
                    s.append(c);
                }
            }
            return s.toString();
        }

        /** A JSON string; characters escaped as \\uXXXX at random, control characters and quotes always. */
        private void quoted(String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    sb.append(r.nextBoolean() ? "\\" + c : String.format("\\u%04x", (int) c));
                } else if (c < 0x20) {
                    sb.append(r.nextBoolean() ? (c == '\n' ? "\\n" : "\\t") : String.format("\\u%04X", (int) c));
                } else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    // a pair is escaped whole or not at all (half of it escaped is not valid JSON to Jackson 3)
                    char low = s.charAt(++i);
                    sb.append(r.nextInt(4) == 0 ? String.format("\\u%04x\\u%04X", (int) c, (int) low) : "" + c + low);
                } else if (r.nextInt(8) == 0) {
                    sb.append(String.format(r.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
                } else {
                    sb.append(c);
                }
            }
            sb.append('"');
        }

        /** An integer in one of its JSON forms, or (when odd) out of range or not an integer at all. */
        private void integer(long v) {
            if (odd()) {
                switch (r.nextInt(9)) {
                    case 0 -> sb.append(v).append(".0");
                    case 1 -> sb.append(v).append(r.nextBoolean() ? "e0" : "E+0");
                    case 2 -> sb.append(v * 10).append("e-1");
                    case 3 -> sb.append('-').append(Math.abs(v) + 1);
                    case 4 -> sb.append("9223372036854775808");
                    case 5 -> sb.append(r.nextBoolean() ? "1e400" : "9.223372036854775807E18");
                    case 6 -> sb.append(v).append(".5");
                    case 7 -> sb.append('"').append(v).append('"');
                    default -> sb.append(v == 0 ? "-0" : Long.toString(Integer.MAX_VALUE + 1L));
                }
                return;
            }
            sb.append(v);
        }

        private void ws() {
            if (r.nextInt(6) == 0) {
                for (int n = 1 + r.nextInt(3); n > 0; n--) {
                    sb.append(" \t\n\r".charAt(r.nextInt(4)));
                }
            }
        }

        // ---- the bytes, sometimes broken, and the buffer they arrive in -----------------------------------------

        byte[] bytes() {
            String text = sb.toString();
            if (odd() && r.nextInt(3) == 0) {
                text = switch (r.nextInt(8)) {
                    case 0 -> text.substring(0, r.nextInt(text.length()));
                    case 1 -> text + (r.nextBoolean() ? " {}" : "x");
                    case 2 -> "[" + text + "]";
                    case 3 -> r.nextBoolean() ? "" : "  \n";
                    case 4 -> r.nextBoolean() ? "null" : "\"s\"";
                    case 5 -> {
                        int at = r.nextInt(text.length() + 1);
                        yield text.substring(0, at) + "}{,:\"]"
                                .charAt(r.nextInt(6)) + text.substring(at);
                    }
                    case 6 -> text + "\n";
                    default -> text.replace("\"", "'");
                };
            }
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            if (r.nextInt(20) == 0) {
                // not UTF-8: one byte 0xE9 inside a string if there is one (decoded as ISO-8859-1 by the tree path)
                int quote = text.indexOf('"');
                int at = quote < 0 ? 0 : quote + 1;
                byte[] c = new byte[b.length + 1];
                System.arraycopy(b, 0, c, 0, at);
                c[at] = (byte) 0xE9;
                System.arraycopy(b, at, c, at + 1, b.length - at);
                b = c;
            }
            if (r.nextInt(20) == 0) {
                b = java.util.Arrays.copyOf(b, b.length + 1 + r.nextInt(3)); // trailing NULs
            }
            return b;
        }

        /** Heap with an offset, read-only, or direct; a fresh buffer on every call. */
        ByteBuffer buffer(byte[] b) {
            int kind = (int) (Math.abs((long) sb.length() * 31 + b.length) % 3);
            return switch (kind) {
                case 0 -> {
                    byte[] wider = new byte[b.length + 7];
                    System.arraycopy(b, 0, wider, 3, b.length);
                    yield ByteBuffer.wrap(wider, 3, b.length);
                }
                case 1 -> ByteBuffer.wrap(b).asReadOnlyBuffer();
                default -> ByteBuffer.allocateDirect(b.length).put(b).flip();
            };
        }
    }
}
