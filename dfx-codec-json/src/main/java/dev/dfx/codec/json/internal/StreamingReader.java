package dev.dfx.codec.json.internal;

import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.body.ErrorBody;
import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.body.ResultError;
import dev.dfx.core.body.SignalChannel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;

/**
 * The fast path of {@link BodyReader} for the bodies a client decodes on every chunk: {@link ChunkAck},
 * {@link MeasurementResult} and {@link ErrorBody}, read with Jackson's streaming parser straight into the records,
 * without a {@code JsonNode} tree.
 *
 * <p>It only decides the plain cases: valid UTF-8, a JSON object with nothing after it, every known field of its
 * type (or JSON {@code null}), each at most once per object, integers as JSON integers within the long range. For
 * anything else (invalid JSON, a wrong type, a required field missing, a repeated known field, an integer written as
 * {@code 10000.0}, a {@code null} channel) it returns {@code null} and {@link BodyReader} decodes the body again with
 * the tree reader, which gives the result or the exact error it always gave: the two cannot differ on such input
 * because only one of them decides it. Unknown fields are skipped at any depth.
 *
 * <p>Thread-safe. Its one mutable state is a 4 KiB scratch array into which a body without an accessible array (a
 * read-only buffer, as every transport delivers) is copied; it is handed between calls atomically and a concurrent
 * call, or a larger body, gets its own array.
 */
final class StreamingReader {
    /** Bodies up to this size are copied into the shared scratch array rather than a new one. */
    static final int SCRATCH_BYTES = 4096;

    private final TokenStreamFactory factory;
    private final AtomicReference<byte[]> scratch = new AtomicReference<>(new byte[SCRATCH_BYTES]);

    /** @param factory the factory of the mapper that the tree path uses, so that both parse alike */
    StreamingReader(TokenStreamFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** @return true for the types that {@link #read} decodes */
    static boolean handles(Class<?> type) {
        return type == ChunkAck.class || type == MeasurementResult.class || type == ErrorBody.class;
    }

    /**
     * @param body the bytes, position to limit; not consumed
     * @param type a type for which {@link #handles} is true
     * @param <T> the type
     * @return the value, or null if the body is not a plain case and the tree reader must decide
     */
    <T> T read(ByteBuffer body, Class<T> type) {
        int len = body.remaining();
        if (body.hasArray()) {
            return parse(body.array(), body.arrayOffset() + body.position(), len, type);
        }
        byte[] borrowed = len <= SCRATCH_BYTES ? scratch.getAndSet(null) : null;
        byte[] a = borrowed != null ? borrowed : new byte[len];
        try {
            body.get(body.position(), a, 0, len);
            return parse(a, 0, len, type);
        } finally {
            if (borrowed != null) {
                scratch.set(borrowed);
            }
        }
    }

    private <T> T parse(byte[] a, int off, int len, Class<T> type) {
        // as BodyReader.parse: trailing NULs dropped (docs/protocol.md §2.3); not UTF-8 goes to the tree path
        while (len > 0 && a[off + len - 1] == 0) {
            len--;
        }
        if (len == 0 || !Utf8.isValid(a, off, len)) {
            return null;
        }
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), a, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Object value;
            if (type == ChunkAck.class) {
                value = ack(p);
            } else if (type == MeasurementResult.class) {
                value = result(p);
            } else if (type == ErrorBody.class) {
                value = error(p);
            } else {
                return null;
            }
            // the tree path's mapper fails on trailing tokens (FAIL_ON_TRAILING_TOKENS)
            return p.nextToken() == null ? type.cast(value) : null;
        } catch (JacksonException | NotPlain e) {
            return null;
        }
    }

    private static ChunkAck ack(JsonParser p) {
        String id = null;
        long order = -1;
        int seen = 0;
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "ID":
                    seen = once(seen, 1);
                    id = string(p, t);
                    break;
                case "ChunkOrder":
                    seen = once(seen, 2);
                    order = t == JsonToken.VALUE_NULL ? -1 : integer(p, t);
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (id == null || order < 0 || order > Integer.MAX_VALUE) {
            throw NotPlain.INSTANCE;
        }
        return new ChunkAck(id, (int) order);
    }

    private static MeasurementResult result(JsonParser p) {
        String measurementId = null;
        String dataId = null;
        String resultId = null;
        String statusId = null;
        long multiplier = 0;
        Map<String, SignalChannel> channels = null;
        ResultError error = null;
        int seen = 0;
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "MeasurementID":
                    seen = once(seen, 1);
                    measurementId = string(p, t);
                    break;
                case "MeasurementDataID":
                    seen = once(seen, 2);
                    dataId = string(p, t);
                    break;
                case "MeasurementResultID":
                    seen = once(seen, 4);
                    resultId = string(p, t);
                    break;
                case "StatusID":
                    seen = once(seen, 8);
                    statusId = string(p, t);
                    break;
                case "Multiplier":
                    seen = once(seen, 16);
                    multiplier = t == JsonToken.VALUE_NULL ? 0 : integer(p, t);
                    break;
                case "Channels":
                    seen = once(seen, 32);
                    channels = t == JsonToken.VALUE_NULL ? null : channels(p, t);
                    break;
                case "Error":
                    seen = once(seen, 64);
                    error = t == JsonToken.VALUE_NULL ? null : resultError(p, t);
                    break;
                default:
                    p.skipChildren();
            }
        }
        return new MeasurementResult(measurementId, dataId, resultId, multiplier, channels, error, statusId);
    }

    private static ErrorBody error(JsonParser p) {
        String code = null;
        String message = null;
        Map<String, List<String>> errors = null;
        int seen = 0;
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "Code":
                    seen = once(seen, 1);
                    code = string(p, t);
                    break;
                case "Message":
                    seen = once(seen, 2);
                    message = string(p, t);
                    break;
                case "Errors":
                    seen = once(seen, 4);
                    errors = errors(p, t);
                    break;
                default:
                    p.skipChildren();
            }
        }
        return new ErrorBody(code, message, errors);
    }

    private static Map<String, SignalChannel> channels(JsonParser p, JsonToken t) {
        expect(t, JsonToken.START_OBJECT);
        Map<String, SignalChannel> out = new HashMap<>();
        for (String key = p.nextName(); key != null; key = p.nextName()) {
            // a null channel is skipped by the tree path, which also lets a later duplicate win: not plain
            expect(p.nextToken(), JsonToken.START_OBJECT);
            if (out.put(key, channel(p)) != null) {
                throw NotPlain.INSTANCE;
            }
        }
        return out;
    }

    private static SignalChannel channel(JsonParser p) {
        String channel = null;
        List<Long> data = null;
        List<String> notes = null;
        int seen = 0;
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "Channel":
                    seen = once(seen, 1);
                    channel = string(p, t);
                    break;
                case "Data":
                    seen = once(seen, 2);
                    data = integers(p, t);
                    break;
                case "Notes":
                    seen = once(seen, 4);
                    notes = strings(p, t);
                    break;
                default:
                    p.skipChildren();
            }
        }
        return new SignalChannel(channel, data, notes);
    }

    private static ResultError resultError(JsonParser p, JsonToken t) {
        expect(t, JsonToken.START_OBJECT);
        String code = null;
        Map<String, List<String>> errors = null;
        int seen = 0;
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "Code":
                    seen = once(seen, 1);
                    code = string(p, v);
                    break;
                case "Errors":
                    seen = once(seen, 2);
                    errors = errors(p, v);
                    break;
                default:
                    p.skipChildren();
            }
        }
        return new ResultError(code, errors);
    }

    /** As BodyReader.optErrors: {@code {key:{"msgs":[...]}}}, or a key mapped to strings, to one string, to null. */
    private static Map<String, List<String>> errors(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t, JsonToken.START_OBJECT);
        Map<String, List<String>> out = new HashMap<>();
        for (String key = p.nextName(); key != null; key = p.nextName()) {
            JsonToken v = p.nextToken();
            List<String> msgs;
            if (v == JsonToken.START_OBJECT) {
                msgs = null;
                int seen = 0;
                for (String name = p.nextName(); name != null; name = p.nextName()) {
                    JsonToken m = p.nextToken();
                    if (name.equals("msgs")) {
                        seen = once(seen, 1);
                        msgs = strings(p, m);
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                msgs = strings(p, v);
            }
            if (out.put(key, msgs == null ? List.of() : msgs) != null) {
                throw NotPlain.INSTANCE;
            }
        }
        return out.isEmpty() ? null : out; // the records make null an empty map, without copying an empty one
    }

    // ---- values: null for JSON null; anything but the plain type is not plain ---------------------------------

    private static String string(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_STRING) {
            return p.getString();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw NotPlain.INSTANCE;
    }

    /** A JSON integer within the long range (a float with an integral value is left to the tree path). */
    private static long integer(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType nt = p.getNumberType();
            if (nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG) {
                return p.getLongValue();
            }
        }
        throw NotPlain.INSTANCE;
    }

    private static List<Long> integers(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t, JsonToken.START_ARRAY);
        // a result's channel holds one value (docs/protocol.md §5.3): no growable list for 0, 1 or 2 of them
        JsonToken item = p.nextToken();
        if (item == JsonToken.END_ARRAY) {
            return List.of();
        }
        Long first = integer(p, item);
        item = p.nextToken();
        if (item == JsonToken.END_ARRAY) {
            return List.of(first);
        }
        Long second = integer(p, item);
        item = p.nextToken();
        if (item == JsonToken.END_ARRAY) {
            return List.of(first, second);
        }
        List<Long> out = new ArrayList<>(8);
        out.add(first);
        out.add(second);
        for (; item != JsonToken.END_ARRAY; item = p.nextToken()) {
            out.add(integer(p, item));
        }
        return out;
    }

    private static List<String> strings(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_STRING) {
            return List.of(p.getString());
        }
        expect(t, JsonToken.START_ARRAY);
        JsonToken item = p.nextToken();
        if (item == JsonToken.END_ARRAY) {
            return List.of();
        }
        String first = element(p, item);
        item = p.nextToken();
        if (item == JsonToken.END_ARRAY) {
            return List.of(first);
        }
        List<String> out = new ArrayList<>(4);
        out.add(first);
        for (; item != JsonToken.END_ARRAY; item = p.nextToken()) {
            out.add(element(p, item));
        }
        return out;
    }

    /** An item of an array of strings: a null item is an error of the tree path, so not plain. */
    private static String element(JsonParser p, JsonToken t) {
        if (t != JsonToken.VALUE_STRING) {
            throw NotPlain.INSTANCE;
        }
        return p.getString();
    }

    private static void expect(JsonToken t, JsonToken wanted) {
        if (t != wanted) {
            throw NotPlain.INSTANCE;
        }
    }

    /** Marks a known field as seen; a second occurrence (the tree keeps the last one) is not plain. */
    private static int once(int seen, int bit) {
        if ((seen & bit) != 0) {
            throw NotPlain.INSTANCE;
        }
        return seen | bit;
    }

    /** The body is not a plain case: the tree path decides. Shared, without a stack trace: it is control flow. */
    private static final class NotPlain extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final NotPlain INSTANCE = new NotPlain();

        private NotPlain() {
            super("not a plain body", null, false, false);
        }
    }
}
