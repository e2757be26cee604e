package dev.dfx.codec.json;

import dev.dfx.core.MeasurementAction;
import dev.dfx.core.body.AddDataRequest;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.body.ErrorBody;
import dev.dfx.core.body.LoginRequest;
import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.body.ResultError;
import dev.dfx.core.body.SignalChannel;
import dev.dfx.core.body.SubscribeRequest;
import dev.dfx.core.error.DfxProtocolException;
import dev.dfx.core.port.BodyCodec;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.Base64Variant;
import tools.jackson.core.Base64Variants;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link BodyCodec} port on Jackson 3: compact, ASCII-only JSON out, tolerant JSON in (PROTOCOL.md §2.3).
 *
 * <p>Encoding writes each body with a streaming generator straight into one growable array that becomes the returned
 * buffer without a copy. An AddData payload is base64-encoded by the generator from the payload's own bytes: no
 * {@code String} or {@code byte[]} copy of the payload is made. Decoding reads a tree and maps the fields by their
 * wire names; unknown fields are ignored and optional ones may be missing. Bytes that are not valid UTF-8 are read as
 * ISO-8859-1 with trailing NULs stripped, as PROTOCOL.md §2.3 recommends for what the official JS client sends.
 *
 * <p>Map bodies decode to {@code Map<String,Object>} whose values are {@code null}, {@code String}, {@code Boolean},
 * {@code Integer} or {@code Long} (integral numbers, the smallest that fits), {@code java.math.BigInteger} (larger),
 * {@code Double} (other numbers), {@code List<Object>} or {@code Map<String,Object>}.
 *
 * <p>Stateless and thread-safe; one instance serves any number of clients.
 */
public final class JacksonBodyCodec implements BodyCodec {
    /** Standard alphabet, padded, no line feeds: what PROTOCOL.md §4.1 asks for. */
    private static final Base64Variant BASE64 = Base64Variants.MIME_NO_LINEFEEDS;

    private final JsonMapper mapper;

    private JacksonBodyCodec() {
        this.mapper = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    }

    /** @return a codec; instances are interchangeable and thread-safe */
    public static JacksonBodyCodec create() {
        return new JacksonBodyCodec();
    }

    @Override
    public String subprotocol() {
        return "json";
    }

    @Override
    public ByteBuffer encode(Object body, int headroom) {
        Objects.requireNonNull(body, "body");
        if (headroom < 0) {
            throw new IllegalArgumentException("headroom must be 0 or more, got " + headroom);
        }
        int estimate = headroom + 64;
        if (body instanceof AddDataRequest) {
            AddDataRequest a = (AddDataRequest) body;
            estimate += base64Length(a.payload().remaining()) + a.measurementId().length() + 160;
            ByteBuffer meta = a.meta();
            if (meta != null) {
                estimate += base64Length(meta.remaining());
            }
        }
        Output out = new Output(estimate);
        for (int i = 0; i < headroom; i++) {
            out.write(0);
        }
        try (JsonGenerator g = mapper.createGenerator(out)) {
            if (body instanceof AddDataRequest) {
                writeAddData(g, (AddDataRequest) body);
            } else if (body instanceof LoginRequest) {
                g.writeStartObject();
                g.writeStringProperty("Token", ((LoginRequest) body).token());
                g.writeEndObject();
            } else if (body instanceof SubscribeRequest) {
                SubscribeRequest s = (SubscribeRequest) body;
                g.writeStartObject();
                writeParams(g, s.measurementId());
                g.writeStringProperty("RequestID", s.requestId());
                g.writeEndObject();
            } else if (body instanceof ChunkAck) {
                ChunkAck ack = (ChunkAck) body;
                g.writeStartObject();
                g.writeStringProperty("ID", ack.id());
                g.writeNumberProperty("ChunkOrder", ack.chunkOrder());
                g.writeEndObject();
            } else if (body instanceof MeasurementResult) {
                writeResult(g, (MeasurementResult) body);
            } else if (body instanceof ErrorBody) {
                ErrorBody e = (ErrorBody) body;
                g.writeStartObject();
                g.writeStringProperty("Code", e.code());
                g.writeStringProperty("Message", e.message());
                if (!e.errors().isEmpty()) {
                    g.writeName("Errors");
                    writeErrors(g, e.errors());
                }
                g.writeEndObject();
            } else if (body instanceof Map) {
                checkKeys((Map<?, ?>) body);
                mapper.writeValue(g, body);
            } else {
                throw new IllegalArgumentException("body type not supported: " + body.getClass().getName()
                        + "; use a dev.dfx.core.body record or a Map<String, ?>");
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException("body could not be encoded as JSON: " + e.getOriginalMessage(), e);
        }
        return out.toByteBuffer();
    }

    private static void checkKeys(Map<?, ?> map) {
        for (Object k : map.keySet()) {
            if (!(k instanceof String)) {
                throw new IllegalArgumentException("body map keys must be strings, got "
                        + (k == null ? "null" : k.getClass().getName()));
            }
        }
    }

    private static int base64Length(int bytes) {
        return (bytes + 2) / 3 * 4;
    }

    private static void writeParams(JsonGenerator g, String measurementId) {
        g.writeName("Params");
        g.writeStartObject();
        g.writeStringProperty("ID", measurementId);
        g.writeEndObject();
    }

    private static void writeAddData(JsonGenerator g, AddDataRequest a) {
        g.writeStartObject();
        writeParams(g, a.measurementId());
        g.writeStringProperty("Action", a.action().wire());
        if (a.chunkOrder() != null) {
            g.writeNumberProperty("ChunkOrder", a.chunkOrder());
        }
        if (a.startTime() != null) {
            g.writeNumberProperty("StartTime", a.startTime());
        }
        if (a.endTime() != null) {
            g.writeNumberProperty("EndTime", a.endTime());
        }
        if (a.duration() != null) {
            g.writeNumberProperty("Duration", a.duration());
        }
        ByteBuffer meta = a.meta();
        if (meta != null) {
            g.writeName("Meta");
            writeBase64(g, meta);
        }
        // Payload last: the big field streams after the small ones.
        g.writeName("Payload");
        writeBase64(g, a.payload());
        g.writeEndObject();
    }

    private static void writeBase64(JsonGenerator g, ByteBuffer bytes) {
        if (bytes.hasArray()) {
            g.writeBinary(BASE64, bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        } else {
            // Read-only heap views and direct buffers expose no array: stream them through the generator.
            g.writeBinary(BASE64, new ByteBufferInput(bytes), bytes.remaining());
        }
    }

    private static void writeResult(JsonGenerator g, MeasurementResult r) {
        g.writeStartObject();
        g.writeStringProperty("MeasurementID", r.measurementId());
        g.writeStringProperty("MeasurementDataID", r.measurementDataId());
        g.writeStringProperty("MeasurementResultID", r.measurementResultId());
        g.writeNumberProperty("Multiplier", r.multiplier());
        g.writeName("Channels");
        g.writeStartObject();
        for (Map.Entry<String, SignalChannel> e : r.channels().entrySet()) {
            g.writeName(e.getKey());
            g.writeStartObject();
            g.writeStringProperty("Channel", e.getValue().channel());
            g.writeName("Data");
            g.writeStartArray();
            for (Long v : e.getValue().data()) {
                g.writeNumber(v);
            }
            g.writeEndArray();
            if (!e.getValue().notes().isEmpty()) {
                g.writeName("Notes");
                g.writeStartArray();
                for (String n : e.getValue().notes()) {
                    g.writeString(n);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeName("Error");
        g.writeStartObject();
        g.writeStringProperty("Code", r.error().code());
        g.writeName("Errors");
        writeErrors(g, r.error().errors());
        g.writeEndObject();
        if (r.statusId() != null) {
            g.writeStringProperty("StatusID", r.statusId());
        }
        g.writeEndObject();
    }

    private static void writeErrors(JsonGenerator g, Map<String, List<String>> errors) {
        g.writeStartObject();
        for (Map.Entry<String, List<String>> e : errors.entrySet()) {
            g.writeName(e.getKey());
            g.writeStartObject();
            g.writeName("msgs");
            g.writeStartArray();
            for (String m : e.getValue()) {
                g.writeString(m);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T decode(ByteBuffer body, Class<T> type) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(type, "type");
        if (type == Map.class) {
            return (T) toMap(object(body));
        }
        if (type == ChunkAck.class) {
            JsonNode n = object(body);
            return (T) new ChunkAck(requiredString(n, "ID"), requiredInt(n, "ChunkOrder"));
        }
        if (type == MeasurementResult.class) {
            return (T) readResult(object(body));
        }
        if (type == ErrorBody.class) {
            JsonNode n = object(body);
            return (T) new ErrorBody(optionalString(n, "Code"), optionalString(n, "Message"), errors(n.get("Errors")));
        }
        if (type == LoginRequest.class) {
            return (T) construct(() -> new LoginRequest(requiredString(object(body), "Token")));
        }
        if (type == SubscribeRequest.class) {
            JsonNode n = object(body);
            return (T) construct(() -> new SubscribeRequest(paramsId(n), optionalString(n, "RequestID")));
        }
        if (type == AddDataRequest.class) {
            return (T) readAddData(object(body));
        }
        throw new IllegalArgumentException("type not supported: " + type.getName());
    }

    private static <T> T construct(java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DfxProtocolException("body is not valid: " + e.getMessage(), e);
        }
    }

    private static AddDataRequest readAddData(JsonNode n) {
        String id = paramsId(n);
        String actionText = requiredString(n, "Action");
        MeasurementAction action;
        try {
            action = MeasurementAction.parse(actionText);
        } catch (IllegalArgumentException e) {
            throw new DfxProtocolException("field Action: " + e.getMessage(), e);
        }
        ByteBuffer payload = ByteBuffer.wrap(base64(requiredString(n, "Payload"), "Payload"));
        JsonNode order = n.get("ChunkOrder");
        Integer chunkOrder = order == null || order.isNull() ? null : (int) number(order, "ChunkOrder");
        String meta = optionalStringOrNull(n, "Meta");
        return construct(() -> new AddDataRequest(id, action, payload, chunkOrder, optionalNumber(n, "StartTime"),
                optionalNumber(n, "EndTime"), optionalNumber(n, "Duration"),
                meta == null ? null : ByteBuffer.wrap(base64(meta, "Meta"))));
    }

    private static byte[] base64(String text, String field) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new DfxProtocolException("field " + field + " is not valid base64", e);
        }
    }

    private static String paramsId(JsonNode n) {
        JsonNode params = n.get("Params");
        if (params == null || !params.isObject()) {
            throw new DfxProtocolException("missing object field Params");
        }
        return requiredString(params, "ID");
    }

    private static MeasurementResult readResult(JsonNode n) {
        Map<String, SignalChannel> channels = new LinkedHashMap<>();
        JsonNode cs = n.get("Channels");
        if (cs != null && cs.isObject()) {
            for (Map.Entry<String, JsonNode> e : cs.properties()) {
                JsonNode c = e.getValue();
                if (!c.isObject()) {
                    continue;
                }
                List<Long> data = new ArrayList<>();
                JsonNode d = c.get("Data");
                if (d != null && d.isArray()) {
                    for (JsonNode v : d.values()) {
                        if (v.isNumber()) {
                            data.add(v.longValue());
                        }
                    }
                }
                channels.put(e.getKey(), new SignalChannel(optionalString(c, "Channel"), data,
                        strings(c.get("Notes"))));
            }
        }
        JsonNode err = n.get("Error");
        ResultError error = err != null && err.isObject()
                ? new ResultError(optionalString(err, "Code"), errors(err.get("Errors")))
                : new ResultError(null, null);
        JsonNode mult = n.get("Multiplier");
        long multiplier = mult != null && mult.isNumber() ? mult.longValue() : 0;
        return new MeasurementResult(optionalString(n, "MeasurementID"), optionalString(n, "MeasurementDataID"),
                optionalString(n, "MeasurementResultID"), multiplier, channels, error,
                optionalStringOrNull(n, "StatusID"));
    }

    private static Map<String, List<String>> errors(JsonNode n) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (n == null || !n.isObject()) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            JsonNode v = e.getValue();
            out.put(e.getKey(), v.isObject() ? strings(v.get("msgs")) : strings(v));
        }
        return out;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (n.isArray()) {
            for (JsonNode v : n.values()) {
                if (v.isString()) {
                    out.add(v.stringValue());
                }
            }
        } else if (n.isString()) {
            out.add(n.stringValue());
        }
        return out;
    }

    private static String requiredString(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isString()) {
            throw new DfxProtocolException("missing string field " + field);
        }
        return v.stringValue();
    }

    private static String optionalString(JsonNode n, String field) {
        String s = optionalStringOrNull(n, field);
        return s == null ? "" : s;
    }

    private static String optionalStringOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw new DfxProtocolException("field " + field + " must be a string");
        }
        return v.stringValue();
    }

    private static int requiredInt(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new DfxProtocolException("missing number field " + field);
        }
        double d = number(v, field);
        if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            throw new DfxProtocolException("field " + field + " must be an integer");
        }
        return (int) d;
    }

    /** Numbers, and numeric strings as legacy REST clients sent them (PROTOCOL.md §4.1). */
    private static double number(JsonNode v, String field) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isString()) {
            try {
                return Double.parseDouble(v.stringValue().trim());
            } catch (NumberFormatException e) {
                throw new DfxProtocolException("field " + field + " is not a number", e);
            }
        }
        throw new DfxProtocolException("field " + field + " must be a number");
    }

    private static Double optionalNumber(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : number(v, field);
    }

    private static Map<String, Object> toMap(JsonNode n) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            out.put(e.getKey(), toValue(e.getValue()));
        }
        return out;
    }

    private static Object toValue(JsonNode v) {
        if (v.isObject()) {
            return toMap(v);
        }
        if (v.isArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonNode e : v.values()) {
                list.add(toValue(e));
            }
            return list;
        }
        if (v.isString()) {
            return v.stringValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            if (v.canConvertToInt()) {
                return v.intValue();
            }
            return v.canConvertToLong() ? (Object) v.longValue() : v.bigIntegerValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        return null;
    }

    private JsonNode object(ByteBuffer body) {
        ByteBuffer b = body.duplicate();
        JsonNode n;
        try {
            if (isValidUtf8(b)) {
                if (b.hasArray()) {
                    n = mapper.readTree(b.array(), b.arrayOffset() + b.position(), b.remaining());
                } else {
                    byte[] copy = new byte[b.remaining()];
                    b.get(copy);
                    n = mapper.readTree(copy);
                }
            } else {
                // PROTOCOL.md §2.3: the official JS client writes one byte per code point; read it as ISO-8859-1
                // and drop the trailing NULs it leaves after astral characters.
                String text = StandardCharsets.ISO_8859_1.decode(b).toString();
                int end = text.length();
                while (end > 0 && text.charAt(end - 1) == '\0') {
                    end--;
                }
                n = mapper.readTree(text.substring(0, end));
            }
        } catch (JacksonException e) {
            throw new DfxProtocolException("body is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new DfxProtocolException("body is not a JSON object");
        }
        return n;
    }

    private static boolean isValidUtf8(ByteBuffer b) {
        int p = b.position();
        int limit = b.limit();
        boolean ascii = true;
        for (int i = p; i < limit; i++) {
            if (b.get(i) < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(b.duplicate());
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** A byte array stream whose array becomes the result without a copy. */
    private static final class Output extends ByteArrayOutputStream {
        Output(int size) {
            super(size);
        }

        ByteBuffer toByteBuffer() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }

    /** Streams a buffer's bytes to the generator's base64 encoder without copying them first. */
    private static final class ByteBufferInput extends InputStream {
        private final ByteBuffer buffer;

        ByteBufferInput(ByteBuffer buffer) {
            this.buffer = buffer.duplicate();
        }

        @Override
        public int read() {
            return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int off, int len) {
            if (!buffer.hasRemaining()) {
                return -1;
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(into, off, n);
            return n;
        }
    }
}
