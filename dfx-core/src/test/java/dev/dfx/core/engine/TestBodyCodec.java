package dev.dfx.core.engine;

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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately small JSON body codec for engine tests (dfx-core cannot use the Jackson codec): writes ASCII-only
 * JSON for the request records and maps, reads any JSON object into maps and the response records. Not a
 * production parser.
 */
final class TestBodyCodec implements BodyCodec {

    @Override
    public String subprotocol() {
        return "json";
    }

    @Override
    public ByteBuffer encode(Object body, int headroom) {
        Object tree = toTree(body);
        StringBuilder b = new StringBuilder();
        write(b, tree);
        byte[] bytes = b.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(headroom + bytes.length);
        out.position(headroom);
        out.put(bytes);
        return out.flip();
    }

    private static Object toTree(Object body) {
        if (body instanceof Map) {
            return body;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (body instanceof LoginRequest) {
            m.put("Token", ((LoginRequest) body).token());
        } else if (body instanceof SubscribeRequest) {
            SubscribeRequest s = (SubscribeRequest) body;
            m.put("Params", Map.of("ID", s.measurementId()));
            m.put("RequestID", s.requestId());
        } else if (body instanceof AddDataRequest) {
            AddDataRequest a = (AddDataRequest) body;
            m.put("Params", Map.of("ID", a.measurementId()));
            m.put("Action", a.action().wire());
            putIf(m, "ChunkOrder", a.chunkOrder());
            putIf(m, "StartTime", a.startTime());
            putIf(m, "EndTime", a.endTime());
            putIf(m, "Duration", a.duration());
            if (a.meta() != null) {
                m.put("Meta", base64(a.meta()));
            }
            m.put("Payload", base64(a.payload()));
        } else {
            throw new IllegalArgumentException("unsupported body type " + (body == null ? "null"
                    : body.getClass().getName()));
        }
        return m;
    }

    private static void putIf(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static String base64(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] bytes = new byte[d.remaining()];
        d.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static void write(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String) {
            b.append('"');
            for (char c : ((String) v).toCharArray()) {
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20 || c > 0x7e) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            b.append('"');
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof Map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                write(b, String.valueOf(e.getKey()));
                b.append(':');
                write(b, e.getValue());
            }
            b.append('}');
        } else if (v instanceof List) {
            b.append('[');
            boolean first = true;
            for (Object o : (List<?>) v) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                write(b, o);
            }
            b.append(']');
        } else {
            throw new IllegalArgumentException("unsupported value type " + v.getClass().getName());
        }
    }

    @Override
    public <T> T decode(ByteBuffer body, Class<T> type) {
        String text = StandardCharsets.UTF_8.decode(body.duplicate()).toString();
        Object tree;
        try {
            Parser p = new Parser(text);
            tree = p.value();
            p.end();
        } catch (RuntimeException e) {
            throw new DfxProtocolException("not JSON: " + e.getMessage(), e);
        }
        if (type == Object.class) {
            return type.cast(tree);
        }
        if (!(tree instanceof Map)) {
            throw new DfxProtocolException("body is not a JSON object");
        }
        Map<?, ?> m = (Map<?, ?>) tree;
        Object out;
        if (type == Map.class) {
            out = m;
        } else if (type == ErrorBody.class) {
            out = new ErrorBody(str(m.get("Code")), str(m.get("Message")), errors(m.get("Errors")));
        } else if (type == ChunkAck.class) {
            if (!(m.get("ID") instanceof String) || !(m.get("ChunkOrder") instanceof Number)) {
                throw new DfxProtocolException("ack needs ID and ChunkOrder");
            }
            out = new ChunkAck((String) m.get("ID"), ((Number) m.get("ChunkOrder")).intValue());
        } else if (type == MeasurementResult.class) {
            out = result(m);
        } else if (type == AddDataRequest.class) {
            Map<?, ?> params = (Map<?, ?>) m.get("Params");
            out = new AddDataRequest(str(params.get("ID")), MeasurementAction.parse(str(m.get("Action"))),
                    ByteBuffer.wrap(Base64.getDecoder().decode(str(m.get("Payload")))), intOrNull(m.get("ChunkOrder")),
                    dbl(m.get("StartTime")), dbl(m.get("EndTime")), dbl(m.get("Duration")),
                    m.get("Meta") == null ? null : ByteBuffer.wrap(Base64.getDecoder().decode(str(m.get("Meta")))));
        } else if (type == SubscribeRequest.class) {
            out = new SubscribeRequest(str(((Map<?, ?>) m.get("Params")).get("ID")), str(m.get("RequestID")));
        } else if (type == LoginRequest.class) {
            out = new LoginRequest(str(m.get("Token")));
        } else {
            throw new IllegalArgumentException("unsupported type " + type.getName());
        }
        return type.cast(out);
    }

    private static MeasurementResult result(Map<?, ?> m) {
        Map<String, SignalChannel> channels = new LinkedHashMap<>();
        if (m.get("Channels") instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) m.get("Channels")).entrySet()) {
                Map<?, ?> c = (Map<?, ?>) e.getValue();
                List<Long> data = new ArrayList<>();
                if (c.get("Data") instanceof List) {
                    for (Object o : (List<?>) c.get("Data")) {
                        data.add(((Number) o).longValue());
                    }
                }
                List<String> notes = new ArrayList<>();
                if (c.get("Notes") instanceof List) {
                    for (Object o : (List<?>) c.get("Notes")) {
                        notes.add(String.valueOf(o));
                    }
                }
                channels.put(String.valueOf(e.getKey()), new SignalChannel(str(c.get("Channel")), data, notes));
            }
        }
        ResultError error = null;
        if (m.get("Error") instanceof Map) {
            Map<?, ?> e = (Map<?, ?>) m.get("Error");
            error = new ResultError(str(e.get("Code")), errors(e.get("Errors")));
        }
        long multiplier = m.get("Multiplier") instanceof Number ? ((Number) m.get("Multiplier")).longValue() : 0;
        return new MeasurementResult(str(m.get("MeasurementID")), str(m.get("MeasurementDataID")),
                str(m.get("MeasurementResultID")), multiplier, channels, error, str(m.get("StatusID")));
    }

    private static Map<String, List<String>> errors(Object o) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (o instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
                List<String> msgs = new ArrayList<>();
                Object v = e.getValue() instanceof Map ? ((Map<?, ?>) e.getValue()).get("msgs") : null;
                if (v instanceof List) {
                    for (Object x : (List<?>) v) {
                        msgs.add(String.valueOf(x));
                    }
                }
                out.put(String.valueOf(e.getKey()), msgs);
            }
        }
        return out;
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static Integer intOrNull(Object o) {
        return o == null ? null : ((Number) o).intValue();
    }

    private static Double dbl(Object o) {
        return o == null ? null : ((Number) o).doubleValue();
    }

    /** A tiny recursive-descent JSON reader: objects become LinkedHashMaps, integers Longs, other numbers Doubles. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        void end() {
            ws();
            if (i != s.length()) {
                throw new IllegalArgumentException("trailing characters at " + i);
            }
        }

        Object value() {
            ws();
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            ws();
            if (peek() == '}') {
                i++;
                return m;
            }
            while (true) {
                ws();
                String k = string();
                ws();
                expect(':');
                m.put(k, value());
                ws();
                if (peek() == ',') {
                    i++;
                } else {
                    expect('}');
                    return m;
                }
            }
        }

        private List<Object> array() {
            List<Object> l = new ArrayList<>();
            i++;
            ws();
            if (peek() == ']') {
                i++;
                return l;
            }
            while (true) {
                l.add(value());
                ws();
                if (peek() == ',') {
                    i++;
                } else {
                    expect(']');
                    return l;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n':
                            b.append('\n');
                            break;
                        case 't':
                            b.append('\t');
                            break;
                        case 'r':
                            b.append('\r');
                            break;
                        case 'b':
                            b.append('\b');
                            break;
                        case 'f':
                            b.append('\f');
                            break;
                        case 'u':
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                            break;
                        default:
                            b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
        }

        private Object number() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String n = s.substring(start, i);
            if (n.isEmpty()) {
                throw new IllegalArgumentException("unexpected character at " + start);
            }
            return n.matches("-?\\d+") ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, i)) {
                throw new IllegalArgumentException("bad literal at " + i);
            }
            i += word.length();
            return v;
        }

        private char peek() {
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i);
            }
            i++;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
