package dev.dfx.codec.json.internal;

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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeType;

/**
 * Reads JSON bodies into body records or generic map trees, tolerantly: unknown fields are ignored, a missing or
 * {@code null} optional field counts as absent. Anything else that is wrong fails with a
 * {@link DfxProtocolException} whose message names the type and the field, never the body's content. Stateless and
 * thread-safe.
 */
public final class BodyReader {
    private static final System.Logger LOG = System.getLogger(BodyReader.class.getName());
    /** A decimal number as legacy clients sent the timing fields, in a string (docs/protocol.md §4.1 [FAKE]). */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final JsonMapper mapper;
    private final StreamingReader streaming;

    /** @param mapper the configured mapper (see {@code JacksonBodyCodec}) */
    public BodyReader(JsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.streaming = new StreamingReader(mapper.tokenStreamFactory());
    }

    /**
     * @param type a supported type
     * @return true if {@link #read} can produce it
     */
    public static boolean supports(Class<?> type) {
        return type == LoginRequest.class || type == SubscribeRequest.class || type == AddDataRequest.class
                || type == ChunkAck.class || type == MeasurementResult.class || type == ErrorBody.class
                || type == Map.class || type == Object.class;
    }

    /**
     * @param body the bytes, position to limit; not consumed
     * @param type a type for which {@link #supports} is true
     * @param <T> the type
     * @return the value
     * @throws DfxProtocolException if the bytes are not a JSON object of that shape
     */
    public <T> T read(ByteBuffer body, Class<T> type) {
        if (StreamingReader.handles(type)) {
            // acks, results and errors arrive on every chunk: streamed straight into the record when the body is
            // plain; anything else (including every error) is decided by the tree path below
            T value = streaming.read(body, type);
            if (value != null) {
                return value;
            }
        }
        return readTree(body, type);
    }

    /**
     * The tree path: the whole body into {@code JsonNode}s, then the record. It decides every type but the plain
     * cases of {@link StreamingReader}, and the tests compare the two.
     */
    <T> T readTree(ByteBuffer body, Class<T> type) {
        String name = type.getSimpleName();
        if (type == Object.class) {
            // any JSON value: an answer need not be an object (0501 answers with an array, docs/protocol.md §2.2)
            return type.cast(toJava(parse(body, "body", true)));
        }
        JsonNode root = parse(body, name, false);
        try {
            Object value;
            if (type == Map.class) {
                value = toJava(root);
            } else if (type == LoginRequest.class) {
                value = new LoginRequest(reqString(root, "Token", name));
            } else if (type == SubscribeRequest.class) {
                value = readSubscribe(root, name);
            } else if (type == AddDataRequest.class) {
                value = readAddData(root, name);
            } else if (type == ChunkAck.class) {
                value = readChunkAck(root, name);
            } else if (type == MeasurementResult.class) {
                value = readResult(root, name);
            } else if (type == ErrorBody.class) {
                value = new ErrorBody(optString(root, "Code", name), optString(root, "Message", name),
                        optErrors(root, "Errors", name));
            } else {
                throw new IllegalArgumentException("unsupported body type " + type.getName());
            }
            return type.cast(value);
        } catch (IllegalArgumentException e) {
            // a record refused a decoded value (blank id, negative order...): the body is at fault
            throw new DfxProtocolException("cannot decode " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses the bytes as UTF-8 or, if they are not valid UTF-8, as ISO-8859-1; trailing NUL bytes are dropped
     * either way (docs/protocol.md §2.3 [FAKE]: the browser client writes one byte per code point and leaves NULs after
     * astral characters).
     */
    private JsonNode parse(ByteBuffer body, String name, boolean anyValue) {
        byte[] a;
        int off;
        int len = body.remaining();
        if (body.hasArray()) {
            a = body.array();
            off = body.arrayOffset() + body.position();
        } else {
            a = new byte[len];
            body.duplicate().get(a);
            off = 0;
        }
        while (len > 0 && a[off + len - 1] == 0) {
            len--;
        }
        if (len == 0) {
            throw new DfxProtocolException("cannot decode " + name + ": body is empty");
        }
        JsonNode root;
        try {
            if (Utf8.isValid(a, off, len)) {
                root = mapper.readTree(a, off, len);
            } else {
                LOG.log(System.Logger.Level.DEBUG, "body is not valid UTF-8; decoding it as ISO-8859-1 "
                        + "(docs/protocol.md §2.3)");
                root = mapper.readTree(new String(a, off, len, StandardCharsets.ISO_8859_1));
            }
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            throw new DfxProtocolException("cannot decode " + name + ": body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), e);
        }
        if (root == null || root.isMissingNode() || (!anyValue && !root.isObject())) {
            throw new DfxProtocolException("cannot decode " + name + ": body is not a JSON object but "
                    + describe(root));
        }
        return root;
    }

    private static SubscribeRequest readSubscribe(JsonNode root, String name) {
        String id = reqString(reqObject(root, "Params", name), "ID", name + ".Params");
        String requestId = optString(root, "RequestID", name);
        return new SubscribeRequest(id, requestId == null ? "" : requestId);
    }

    private static AddDataRequest readAddData(JsonNode root, String name) {
        String id = reqString(reqObject(root, "Params", name), "ID", name + ".Params");
        String wire = reqString(root, "Action", name);
        MeasurementAction action;
        try {
            action = MeasurementAction.parse(wire);
        } catch (IllegalArgumentException e) {
            // no cause: its message quotes the value, and a body's strings stay out of our messages
            throw fail(name, "Action", "must be STAGE::MODE with STAGE in FIRST|CHUNK|LAST and MODE in "
                    + "PROCESS|IGNORE");
        }
        ByteBuffer payload = base64(root, "Payload", name, true);
        Long order = optLong(root, "ChunkOrder", name);
        if (order != null && (order < 0 || order > Integer.MAX_VALUE)) {
            throw fail(name, "ChunkOrder", "must be an int of 0 or more");
        }
        return new AddDataRequest(id, action, payload, order == null ? null : order.intValue(),
                optSeconds(root, "StartTime", name), optSeconds(root, "EndTime", name),
                optSeconds(root, "Duration", name), base64(root, "Meta", name, false));
    }

    private static ChunkAck readChunkAck(JsonNode root, String name) {
        Long order = optLong(root, "ChunkOrder", name);
        if (order == null) {
            throw fail(name, "ChunkOrder", "is missing");
        }
        if (order < 0 || order > Integer.MAX_VALUE) {
            throw fail(name, "ChunkOrder", "must be an int of 0 or more");
        }
        return new ChunkAck(reqString(root, "ID", name), order.intValue());
    }

    private static MeasurementResult readResult(JsonNode root, String name) {
        Long multiplier = optLong(root, "Multiplier", name);
        Map<String, SignalChannel> channels = new LinkedHashMap<>();
        JsonNode ch = optObject(root, "Channels", name);
        if (ch != null) {
            for (Map.Entry<String, JsonNode> e : ch.properties()) {
                String where = name + ".Channels." + e.getKey();
                JsonNode c = e.getValue();
                if (c.isNull()) {
                    continue;
                }
                if (!c.isObject()) {
                    throw new DfxProtocolException("cannot decode " + where + ": must be an object, got "
                            + describe(c));
                }
                channels.put(e.getKey(), new SignalChannel(optString(c, "Channel", where), optLongs(c, "Data", where),
                        optStrings(c, "Notes", where)));
            }
        }
        ResultError error = null;
        JsonNode err = optObject(root, "Error", name);
        if (err != null) {
            error = new ResultError(optString(err, "Code", name + ".Error"), optErrors(err, "Errors", name + ".Error"));
        }
        return new MeasurementResult(optString(root, "MeasurementID", name), optString(root, "MeasurementDataID", name),
                optString(root, "MeasurementResultID", name), multiplier == null ? 0 : multiplier, channels, error,
                optString(root, "StatusID", name));
    }

    // ---- field helpers: null for absent or JSON null; a wrong type fails naming the field -----------------------

    private static JsonNode field(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        return n == null || n.isNull() ? null : n;
    }

    private static String optString(JsonNode obj, String field, String where) {
        JsonNode n = field(obj, field);
        if (n == null) {
            return null;
        }
        if (!n.isString()) {
            throw fail(where, field, "must be a string, got " + describe(n));
        }
        return n.stringValue();
    }

    private static String reqString(JsonNode obj, String field, String where) {
        String s = optString(obj, field, where);
        if (s == null) {
            throw fail(where, field, "is missing");
        }
        return s;
    }

    private static JsonNode optObject(JsonNode obj, String field, String where) {
        JsonNode n = field(obj, field);
        if (n != null && !n.isObject()) {
            throw fail(where, field, "must be an object, got " + describe(n));
        }
        return n;
    }

    private static JsonNode reqObject(JsonNode obj, String field, String where) {
        JsonNode n = optObject(obj, field, where);
        if (n == null) {
            throw fail(where, field, "is missing");
        }
        return n;
    }

    private static Long optLong(JsonNode obj, String field, String where) {
        JsonNode n = field(obj, field);
        return n == null ? null : integral(n, where + "." + field);
    }

    /** An integer, or a number with an integral value (e.g. {@code 10000.0}), within the long range. */
    private static long integral(JsonNode n, String where) {
        if (n.isNumber() && n.canConvertToExactIntegral() && n.canConvertToLong()) {
            return n.longValue();
        }
        throw new DfxProtocolException("cannot decode " + where + ": must be an integer, got " + describe(n));
    }

    /** Seconds as a JSON number or, as legacy clients sent them, a numeric string (docs/protocol.md §4.1). */
    private static Double optSeconds(JsonNode obj, String field, String where) {
        JsonNode n = field(obj, field);
        if (n == null) {
            return null;
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isString()) {
            String s = n.stringValue().trim();
            if (s.isEmpty()) {
                return null;
            }
            if (DECIMAL.matcher(s).matches()) {
                double d = Double.parseDouble(s);
                if (!Double.isInfinite(d)) {
                    return d;
                }
            }
            throw fail(where, field, "must be a number of seconds; the string is not a finite decimal number");
        }
        throw fail(where, field, "must be a number of seconds, got " + describe(n));
    }

    private static ByteBuffer base64(JsonNode obj, String field, String where, boolean required) {
        String s = required ? reqString(obj, field, where) : optString(obj, field, where);
        if (s == null) {
            return null;
        }
        try {
            // JDK decoder: standard alphabet; padding accepted but not required (docs/protocol.md §4.1)
            return ByteBuffer.wrap(Base64.getDecoder().decode(s));
        } catch (IllegalArgumentException e) {
            // the decoder's message quotes a character of the content: keep it out of ours
            throw fail(where, field, "is not valid standard base64");
        }
    }

    private static List<String> optStrings(JsonNode obj, String field, String where) {
        JsonNode n = field(obj, field);
        if (n == null) {
            return null;
        }
        if (n.isString()) {
            return List.of(n.stringValue());
        }
        if (!n.isArray()) {
            throw fail(where, field, "must be an array of strings, got " + describe(n));
        }
        List<String> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            JsonNode item = n.get(i);
            if (!item.isString()) {
                throw fail(where, field + "[" + i + "]", "must be a string, got " + describe(item));
            }
            out.add(item.stringValue());
        }
        return out;
    }

    private static List<Long> optLongs(JsonNode obj, String field, String where) {
        JsonNode n = field(obj, field);
        if (n == null) {
            return null;
        }
        if (!n.isArray()) {
            throw fail(where, field, "must be an array of integers, got " + describe(n));
        }
        List<Long> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            out.add(integral(n.get(i), where + "." + field + "[" + i + "]"));
        }
        return out;
    }

    /**
     * {@code {key:{"msgs":[...]}}} (docs/protocol.md §5.3, §6.1). Tolerated too: a key mapped straight to an array of
     * strings or to one string; a missing {@code msgs} gives an empty list.
     */
    private static Map<String, List<String>> optErrors(JsonNode obj, String field, String where) {
        JsonNode n = optObject(obj, field, where);
        if (n == null) {
            return null;
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        String path = where + "." + field;
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            JsonNode v = e.getValue();
            List<String> msgs;
            if (v.isObject()) {
                msgs = optStrings(v, "msgs", path + "." + e.getKey());
            } else if (v.isNull()) {
                msgs = null;
            } else {
                msgs = optStrings(n, e.getKey(), path);
            }
            out.put(e.getKey(), msgs == null ? List.of() : msgs);
        }
        return out;
    }

    /** Objects become unmodifiable insertion-ordered maps, arrays unmodifiable lists; see JacksonBodyCodec. */
    private static Object toJava(JsonNode n) {
        switch (n.getNodeType()) {
            case OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : n.properties()) {
                    m.put(e.getKey(), toJava(e.getValue()));
                }
                return Collections.unmodifiableMap(m);
            }
            case ARRAY: {
                List<Object> l = new ArrayList<>(n.size());
                for (JsonNode item : n) {
                    l.add(toJava(item));
                }
                return Collections.unmodifiableList(l);
            }
            case STRING:
                return n.stringValue();
            case BOOLEAN:
                return n.booleanValue();
            case NUMBER:
                if (n.isIntegralNumber()) {
                    return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
                }
                return n.doubleValue();
            case NULL:
                return null;
            default:
                throw new DfxProtocolException("cannot decode Map: unexpected JSON node " + describe(n));
        }
    }

    private static DfxProtocolException fail(String where, String field, String what) {
        return new DfxProtocolException("cannot decode " + where + ": " + field + " " + what);
    }

    private static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        JsonNodeType t = n.getNodeType();
        return t == null ? "unknown" : t.name().toLowerCase(java.util.Locale.ROOT);
    }
}
