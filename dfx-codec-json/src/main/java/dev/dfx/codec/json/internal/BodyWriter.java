package dev.dfx.codec.json.internal;

import dev.dfx.core.body.AddDataRequest;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.body.ErrorBody;
import dev.dfx.core.body.LoginRequest;
import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.body.SignalChannel;
import dev.dfx.core.body.SubscribeRequest;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.core.Base64Variants;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.io.NumberOutput;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes body records and map trees as compact, ASCII-only JSON straight into a {@link ByteSink}, with the
 * generator's own code per type (no reflection, no annotations). Thread-safe: each call makes its own generator and
 * sink; the only shared state is one pair of small scratch arrays for AddData's base64, handed from call to call
 * atomically.
 */
public final class BodyWriter {
    /**
     * Payload bytes encoded per step: a multiple of 3, so no step pads. 3 KiB in and 4 KiB out stay in the L1 cache
     * and keep the scratch small next to the frame (the target: allocation at most 1.4 times the frame).
     */
    static final int CHUNK = 3 * 1024;
    /** Deeper map trees are refused (a cycle would otherwise overflow the stack). */
    static final int MAX_DEPTH = 200;
    private static final int SMALL_BODY = 256;
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    /** The standard base64 alphabet (RFC 4648 §4), for the padded tail. */
    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

    private static final SerializableString PARAMS = new SerializedString("Params");
    private static final SerializableString ID = new SerializedString("ID");
    private static final SerializableString TOKEN = new SerializedString("Token");
    private static final SerializableString REQUEST_ID = new SerializedString("RequestID");
    private static final SerializableString ACTION = new SerializedString("Action");
    private static final SerializableString CHUNK_ORDER = new SerializedString("ChunkOrder");
    private static final SerializableString START_TIME = new SerializedString("StartTime");
    private static final SerializableString END_TIME = new SerializedString("EndTime");
    private static final SerializableString DURATION = new SerializedString("Duration");
    private static final SerializableString META = new SerializedString("Meta");
    private static final SerializableString CODE = new SerializedString("Code");
    private static final SerializableString MESSAGE = new SerializedString("Message");
    private static final SerializableString ERRORS = new SerializedString("Errors");
    private static final SerializableString MSGS = new SerializedString("msgs");
    private static final SerializableString MEASUREMENT_ID = new SerializedString("MeasurementID");
    private static final SerializableString MEASUREMENT_DATA_ID = new SerializedString("MeasurementDataID");
    private static final SerializableString MEASUREMENT_RESULT_ID = new SerializedString("MeasurementResultID");
    private static final SerializableString MULTIPLIER = new SerializedString("Multiplier");
    private static final SerializableString CHANNELS = new SerializedString("Channels");
    private static final SerializableString CHANNEL = new SerializedString("Channel");
    private static final SerializableString DATA = new SerializedString("Data");
    private static final SerializableString NOTES = new SerializedString("Notes");
    private static final SerializableString ERROR = new SerializedString("Error");
    private static final SerializableString STATUS_ID = new SerializedString("StatusID");

    private static final String META_KEY = ",\"Meta\":\"";
    private static final String PAYLOAD_KEY = ",\"Payload\":\"";

    private final JsonFactory factory;
    private final boolean fastDoubles;
    /** The base64 windows, reused; null while a call holds them (see {@link #takeScratch}). */
    private final AtomicReference<byte[][]> scratch = new AtomicReference<>();

    /**
     * @param factory a factory that escapes non-ASCII and does not auto-close content (see
     *     {@code JacksonBodyCodec})
     */
    public BodyWriter(JsonFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.fastDoubles = factory.isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);
    }

    /**
     * @param body a supported body
     * @param headroom zero bytes in front
     * @return the buffer: position 0, limit headroom plus the JSON length
     * @throws IllegalArgumentException for an unsupported body or a value JSON cannot carry
     */
    public ByteBuffer write(Object body, int headroom) {
        try {
            if (body instanceof AddDataRequest) {
                return writeAddData((AddDataRequest) body, headroom);
            }
            ByteSink sink = new ByteSink(headroom, headroom + SMALL_BODY);
            try (JsonGenerator g = factory.createGenerator(ObjectWriteContext.empty(), sink)) {
                if (body instanceof LoginRequest) {
                    writeLogin(g, (LoginRequest) body);
                } else if (body instanceof SubscribeRequest) {
                    writeSubscribe(g, (SubscribeRequest) body);
                } else if (body instanceof ChunkAck) {
                    writeChunkAck(g, (ChunkAck) body);
                } else if (body instanceof MeasurementResult) {
                    writeResult(g, (MeasurementResult) body);
                } else if (body instanceof ErrorBody) {
                    writeError(g, (ErrorBody) body);
                } else if (body instanceof Map) {
                    writeMap(g, (Map<?, ?>) body, "body", 0);
                } else {
                    throw new IllegalArgumentException("unsupported body type " + body.getClass().getName()
                            + "; supported: the records of dev.dfx.core.body and Map<String, ?>");
                }
            }
            return sink.toByteBuffer();
        } catch (JacksonException e) {
            // only a write constraint can fail here (the sink is memory): the body itself is at fault
            throw new IllegalArgumentException("cannot encode " + body.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private static void writeLogin(JsonGenerator g, LoginRequest r) {
        g.writeStartObject();
        g.writeName(TOKEN);
        g.writeString(r.token());
        g.writeEndObject();
    }

    private static void writeSubscribe(JsonGenerator g, SubscribeRequest r) {
        g.writeStartObject();
        writeParams(g, r.measurementId());
        g.writeName(REQUEST_ID);
        g.writeString(r.requestId());
        g.writeEndObject();
    }

    private static void writeParams(JsonGenerator g, String measurementId) {
        g.writeName(PARAMS);
        g.writeStartObject();
        g.writeName(ID);
        g.writeString(measurementId);
        g.writeEndObject();
    }

    private static void writeChunkAck(JsonGenerator g, ChunkAck a) {
        g.writeStartObject();
        g.writeName(ID);
        g.writeString(a.id());
        g.writeName(CHUNK_ORDER);
        g.writeNumber(a.chunkOrder());
        g.writeEndObject();
    }

    private static void writeResult(JsonGenerator g, MeasurementResult r) {
        g.writeStartObject();
        g.writeName(MEASUREMENT_ID);
        g.writeString(r.measurementId());
        g.writeName(MEASUREMENT_DATA_ID);
        g.writeString(r.measurementDataId());
        g.writeName(MEASUREMENT_RESULT_ID);
        g.writeString(r.measurementResultId());
        g.writeName(MULTIPLIER);
        g.writeNumber(r.multiplier());
        g.writeName(CHANNELS);
        g.writeStartObject();
        for (Map.Entry<String, SignalChannel> e : r.channels().entrySet()) {
            SignalChannel c = e.getValue();
            g.writeName(e.getKey());
            g.writeStartObject();
            g.writeName(CHANNEL);
            g.writeString(c.channel());
            g.writeName(DATA);
            g.writeStartArray();
            for (Long v : c.data()) {
                g.writeNumber(v.longValue());
            }
            g.writeEndArray();
            if (!c.notes().isEmpty()) {
                g.writeName(NOTES);
                writeStrings(g, c.notes());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeName(ERROR);
        g.writeStartObject();
        g.writeName(CODE);
        g.writeString(r.error().code());
        g.writeName(ERRORS);
        writeErrorDetails(g, r.error().errors());
        g.writeEndObject();
        if (r.statusId() != null) {
            g.writeName(STATUS_ID);
            g.writeString(r.statusId());
        }
        g.writeEndObject();
    }

    private static void writeError(JsonGenerator g, ErrorBody e) {
        g.writeStartObject();
        g.writeName(CODE);
        g.writeString(e.code());
        g.writeName(MESSAGE);
        g.writeString(e.message());
        if (!e.errors().isEmpty()) {
            g.writeName(ERRORS);
            writeErrorDetails(g, e.errors());
        }
        g.writeEndObject();
    }

    /** {@code {key:{"msgs":[...]}}} (docs/protocol.md §5.3, §6.1). */
    private static void writeErrorDetails(JsonGenerator g, Map<String, List<String>> errors) {
        g.writeStartObject();
        for (Map.Entry<String, List<String>> e : errors.entrySet()) {
            g.writeName(e.getKey());
            g.writeStartObject();
            g.writeName(MSGS);
            writeStrings(g, e.getValue() == null ? List.of() : e.getValue());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, List<String> values) {
        g.writeStartArray();
        for (String s : values) {
            if (s == null) {
                g.writeNull();
            } else {
                g.writeString(s);
            }
        }
        g.writeEndArray();
    }

    /**
     * AddData (docs/protocol.md §4.1), payload last, base64-encoded straight into the sink, so no String or array of the
     * whole payload (nor of its base64) is ever made. The sink is sized up front, so it does not grow.
     *
     * <p>When the measurement id needs no JSON escaping (printable ASCII without {@code "} or {@code \\}: always
     * so for real ids), the few fields before the payload are written by hand; numbers are formatted by the same
     * Jackson routine that the generator uses, so the bytes are the same as the generator's (checked by
     * {@code dfx-benchmarks}' {@code AddDataEncodingTest}). That saves the generator's set-up, which costs as much
     * as base64-encoding a 16 KiB payload. Any other id goes through the generator.
     */
    private ByteBuffer writeAddData(AddDataRequest r, int headroom) {
        String id = r.measurementId();
        if (!isPlainAscii(id)) {
            return writeAddDataWithGenerator(r, headroom);
        }
        ByteBuffer payload = r.payload();
        ByteBuffer meta = r.meta();
        StringBuilder head = new StringBuilder(160 + id.length());
        head.append("{\"Params\":{\"ID\":\"").append(id).append("\"},\"Action\":\"").append(r.action().wire())
                .append('"');
        if (r.chunkOrder() != null) {
            head.append(",\"ChunkOrder\":").append(r.chunkOrder().intValue());
        }
        appendSeconds(head, START_TIME, r.startTime());
        appendSeconds(head, END_TIME, r.endTime());
        appendSeconds(head, DURATION, r.duration());
        long size = (long) headroom + head.length() + (meta == null ? 0 : META_KEY.length() + 1
                + base64Length(meta.remaining())) + PAYLOAD_KEY.length() + base64Length(payload.remaining()) + 2;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("AddData body too large: " + size + " bytes");
        }
        ByteSink sink = new ByteSink(headroom, (int) size);
        sink.writeAscii(head);
        byte[][] buffers = takeScratch();
        try {
            if (meta != null) {
                sink.writeAscii(META_KEY);
                encodeBase64(meta, sink, buffers);
                sink.writeAscii("\"");
            }
            sink.writeAscii(PAYLOAD_KEY);
            encodeBase64(payload, sink, buffers);
        } finally {
            scratch.set(buffers);
        }
        sink.writeAscii("\"}");
        return sink.toByteBuffer();
    }

    /** The generator's path for AddData, for ids that need escaping; the payload is appended as above. */
    private ByteBuffer writeAddDataWithGenerator(AddDataRequest r, int headroom) {
        ByteBuffer payload = r.payload();
        ByteBuffer meta = r.meta();
        long expected = headroom + 192L + 6L * r.measurementId().length()
                + base64Length(meta == null ? 0 : meta.remaining()) + base64Length(payload.remaining());
        if (expected > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("AddData body too large: " + expected + " bytes");
        }
        ByteSink sink = new ByteSink(headroom, (int) expected);
        try (JsonGenerator g = factory.createGenerator(ObjectWriteContext.empty(), sink)) {
            g.writeStartObject();
            writeParams(g, r.measurementId());
            g.writeName(ACTION);
            g.writeString(r.action().wire());
            if (r.chunkOrder() != null) {
                g.writeName(CHUNK_ORDER);
                g.writeNumber(r.chunkOrder().intValue());
            }
            writeSeconds(g, START_TIME, r.startTime());
            writeSeconds(g, END_TIME, r.endTime());
            writeSeconds(g, DURATION, r.duration());
            if (meta != null) {
                g.writeName(META);
                g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, new ByteBufferInputStream(meta), meta.remaining());
            }
            // The object stays open in the generator (AUTO_CLOSE_CONTENT is off): the tail is written directly.
            g.flush();
        }
        sink.writeAscii(PAYLOAD_KEY);
        byte[][] buffers = takeScratch();
        try {
            encodeBase64(payload, sink, buffers);
        } finally {
            scratch.set(buffers);
        }
        sink.writeAscii("\"}");
        return sink.toByteBuffer();
    }

    /** @return true if the text needs no JSON escaping: printable ASCII without a quote or a backslash */
    private static boolean isPlainAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private void appendSeconds(StringBuilder head, SerializableString name, Double seconds) {
        if (seconds == null) {
            return;
        }
        double v = seconds;
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name.getValue() + " must be a finite number of seconds, got " + v);
        }
        // the generator's own formatting (UTF8JsonGenerator.writeNumber(double)), so both paths write the same text
        head.append(",\"").append(name.getValue()).append("\":").append(NumberOutput.toString(v, fastDoubles));
    }

    /**
     * Takes the scratch windows for {@link #encodeBase64}: one pair per codec, reused, so a frame allocates little
     * more than itself; a concurrent caller that finds it taken makes its own pair.
     */
    private byte[][] takeScratch() {
        byte[][] b = scratch.getAndSet(null);
        return b != null ? b : new byte[][] {new byte[CHUNK], new byte[CHUNK / 3 * 4]};
    }

    private static void writeSeconds(JsonGenerator g, SerializableString name, Double seconds) {
        if (seconds == null) {
            return;
        }
        double v = seconds;
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name.getValue() + " must be a finite number of seconds, got " + v);
        }
        g.writeName(name);
        g.writeNumber(v);
    }

    /**
     * Standard, padded base64 of {@code src} (position to limit) appended to the sink; consumes {@code src}.
     *
     * <p>The JDK encoder is the fast part (the JIT replaces its inner loop with vector code), but it only encodes a
     * whole array into another array from index 0, and the payload is a read-only view whose array is hidden. So
     * the payload goes through two scratch arrays of one window each ({@link #CHUNK} bytes in, 4/3 of that out,
     * small enough to stay in the L1 cache; {@code scratch} holds them, reused across calls) and each window's
     * output is copied to its place in the sink. The last
     * window is moved back so that it ends on the last whole 3-byte group: it overlaps the window before it, which
     * is harmless because base64 maps each 3-byte group to the same 4 characters at the same place, and it saves
     * arrays sized to the remainder. The final 1 or 2 bytes are padded by hand. A payload shorter than one window
     * uses two arrays of its own size.
     *
     * @param scratch two arrays: {@link #CHUNK} bytes, and 4/3 of that Measured in {@code dfx-benchmarks} ({@code AddDataEncodeBenchmark}).
     */
    static void encodeBase64(ByteBuffer src, ByteSink sink, byte[][] scratch) {
        int n = src.remaining();
        int encodedLength = (int) base64Length(n);
        sink.ensureCapacity(encodedLength);
        int p = src.position();
        byte[] dst = sink.array();
        int d = sink.size();
        int whole = n - n % 3; // bytes in whole 3-byte groups
        if (whole > 0) {
            int window = Math.min(CHUNK, whole);
            byte[] in = window == CHUNK ? scratch[0] : new byte[window];
            byte[] out = window == CHUNK ? scratch[1] : new byte[window / 3 * 4];
            int from = 0;
            while (from < whole) {
                int at = Math.min(from, whole - window); // a multiple of 3: both operands are
                src.get(p + at, in);
                BASE64.encode(in, out);
                System.arraycopy(out, 0, dst, d + at / 3 * 4, out.length);
                from = at + window;
            }
        }
        if (n > whole) {
            int e = d + whole / 3 * 4;
            int b0 = src.get(p + whole) & 0xff;
            int b1 = n - whole == 2 ? src.get(p + whole + 1) & 0xff : 0;
            dst[e] = ALPHABET[b0 >>> 2];
            dst[e + 1] = ALPHABET[(b0 & 0x03) << 4 | b1 >>> 4];
            dst[e + 2] = n - whole == 2 ? ALPHABET[(b1 & 0x0f) << 2] : (byte) '=';
            dst[e + 3] = '=';
        }
        sink.advance(encodedLength);
        src.position(p + n);
    }

    /**
     * @param n bytes
     * @return the length of their padded base64: {@code 4 * ceil(n / 3)}
     */
    static long base64Length(long n) {
        return (n + 2) / 3 * 4;
    }

    private static void writeMap(JsonGenerator g, Map<?, ?> map, String path, int depth) {
        checkDepth(path, depth);
        g.writeStartObject();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object k = e.getKey();
            if (!(k instanceof String)) {
                throw new IllegalArgumentException("map keys must be strings; " + path + " has a key of type "
                        + (k == null ? "null" : k.getClass().getName()));
            }
            String key = (String) k;
            g.writeName(key);
            writeValue(g, e.getValue(), path + "." + key, depth + 1);
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, Object v, String path, int depth) {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String) {
            g.writeString((String) v);
        } else if (v instanceof Boolean) {
            g.writeBoolean((Boolean) v);
        } else if (v instanceof Number) {
            writeNumber(g, (Number) v, path);
        } else if (v instanceof Map) {
            writeMap(g, (Map<?, ?>) v, path, depth);
        } else if (v instanceof List) {
            checkDepth(path, depth);
            g.writeStartArray();
            int i = 0;
            for (Object item : (List<?>) v) {
                writeValue(g, item, path + "[" + i++ + "]", depth + 1);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException("unsupported value type " + v.getClass().getName() + " at " + path
                    + "; supported: null, String, Boolean, Number, List, Map");
        }
    }

    private static void writeNumber(JsonGenerator g, Number n, String path) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no NaN or infinity; got " + d + " at " + path);
            }
            if (n instanceof Float) {
                g.writeNumber(n.floatValue());
            } else {
                g.writeNumber(d);
            }
        } else if (n instanceof BigDecimal) {
            g.writeNumber((BigDecimal) n);
        } else if (n instanceof BigInteger) {
            g.writeNumber((BigInteger) n);
        } else if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
                || n instanceof java.util.concurrent.atomic.AtomicInteger
                || n instanceof java.util.concurrent.atomic.AtomicLong) {
            g.writeNumber(n.longValue());
        } else {
            throw new IllegalArgumentException("unsupported number type " + n.getClass().getName() + " at " + path);
        }
    }

    private static void checkDepth(String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("map tree nested deeper than " + MAX_DEPTH + " levels (a cycle?) at "
                    + (path.length() > 80 ? path.substring(0, 80) + "..." : path));
        }
    }

    /** Reads a buffer's remaining bytes, for {@link JsonGenerator#writeBinary}; moves only its own view. */
    private static final class ByteBufferInputStream extends InputStream {
        private final ByteBuffer buf;

        ByteBufferInputStream(ByteBuffer buf) {
            this.buf = buf;
        }

        @Override
        public int read() {
            return buf.hasRemaining() ? buf.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!buf.hasRemaining()) {
                return -1;
            }
            int n = Math.min(len, buf.remaining());
            buf.get(b, off, n);
            return n;
        }
    }
}
