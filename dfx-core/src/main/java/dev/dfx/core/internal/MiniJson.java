package dev.dfx.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader and a writer of flat string maps, for the two places where dfx-core must read JSON
 * without a {@link dev.dfx.core.port.BodyCodec}: the claims of a JWT (docs/protocol.md §1.3, token facts) and the token
 * file of {@link dev.dfx.core.auth.FileTokenStore}. RFC 8259 grammar only (no comments, no trailing commas, no
 * leading zeros, nothing after the value); depth bounded at 64. Error messages give a position, never content, since
 * both inputs hold secrets. Stateless and thread-safe. No compatibility promise.
 */
public final class MiniJson {
    private static final int MAX_DEPTH = 64;

    private final String s;
    private int i;

    private MiniJson(String s) {
        this.s = s;
    }

    /**
     * @param text one JSON value
     * @return maps (unmodifiable, insertion-ordered), lists, {@code String}, {@code Long} (integers that fit),
     *     {@code Double} (other numbers), {@code Boolean} or null
     * @throws IllegalArgumentException if the text is not exactly one JSON value; the message names a position only
     */
    public static Object parse(String text) {
        MiniJson p = new MiniJson(text);
        p.ws();
        Object v = p.value(0);
        p.ws();
        if (p.i != text.length()) {
            throw p.fail("trailing characters");
        }
        return v;
    }

    /**
     * @param fields keys and string values (null values are left out)
     * @return a compact JSON object, ASCII only (non-ASCII escaped)
     */
    public static String writeFlat(Map<String, String> fields) {
        StringBuilder b = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (!first) {
                b.append(',');
            }
            first = false;
            quote(b, e.getKey());
            b.append(':');
            quote(b, e.getValue());
        }
        return b.append('}').toString();
    }

    private static void quote(StringBuilder b, String v) {
        b.append('"');
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }

    private IllegalArgumentException fail(String what) {
        return new IllegalArgumentException("not valid JSON: " + what + " at offset " + i);
    }

    private void ws() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            i++;
        }
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw fail("nesting deeper than " + MAX_DEPTH);
        }
        if (i >= s.length()) {
            throw fail("unexpected end");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw fail("unexpected character");
        }
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, i)) {
            throw fail("bad literal");
        }
        i += word.length();
        return v;
    }

    private Map<String, Object> object(int depth) {
        i++;
        Map<String, Object> m = new LinkedHashMap<>();
        ws();
        if (i < s.length() && s.charAt(i) == '}') {
            i++;
            return Collections.unmodifiableMap(m);
        }
        while (true) {
            ws();
            if (i >= s.length() || s.charAt(i) != '"') {
                throw fail("expected a key");
            }
            String k = string();
            ws();
            expect(':');
            ws();
            m.put(k, value(depth + 1));
            ws();
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
                continue;
            }
            expect('}');
            return Collections.unmodifiableMap(m);
        }
    }

    private List<Object> array(int depth) {
        i++;
        List<Object> l = new ArrayList<>();
        ws();
        if (i < s.length() && s.charAt(i) == ']') {
            i++;
            return Collections.unmodifiableList(l);
        }
        while (true) {
            ws();
            l.add(value(depth + 1));
            ws();
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
                continue;
            }
            expect(']');
            return Collections.unmodifiableList(l);
        }
    }

    private void expect(char c) {
        if (i >= s.length() || s.charAt(i) != c) {
            throw fail("expected '" + c + "'");
        }
        i++;
    }

    private String string() {
        i++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw fail("unterminated string");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                throw fail("control character in string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i >= s.length()) {
                throw fail("unterminated escape");
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"': b.append('"'); break;
                case '\\': b.append('\\'); break;
                case '/': b.append('/'); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case 't': b.append('\t'); break;
                case 'u':
                    if (i + 4 > s.length()) {
                        throw fail("short unicode escape");
                    }
                    int cp = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(s.charAt(i++), 16);
                        if (d < 0) {
                            throw fail("bad unicode escape");
                        }
                        cp = cp * 16 + d;
                    }
                    b.append((char) cp);
                    break;
                default:
                    throw fail("bad escape");
            }
        }
    }

    private Object number() {
        int start = i;
        if (s.charAt(i) == '-') {
            i++;
        }
        if (i >= s.length()) {
            throw fail("bad number");
        }
        if (s.charAt(i) == '0') {
            i++;
        } else if (s.charAt(i) >= '1' && s.charAt(i) <= '9') {
            digits();
        } else {
            throw fail("bad number");
        }
        boolean integral = true;
        if (i < s.length() && s.charAt(i) == '.') {
            integral = false;
            i++;
            if (digits() == 0) {
                throw fail("bad fraction");
            }
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            integral = false;
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            if (digits() == 0) {
                throw fail("bad exponent");
            }
        }
        String t = s.substring(start, i);
        if (integral) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                return Double.parseDouble(t);
            }
        }
        return Double.parseDouble(t);
    }

    private int digits() {
        int n = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
            n++;
        }
        return n;
    }
}
