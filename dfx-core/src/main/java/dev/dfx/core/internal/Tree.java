package dev.dfx.core.internal;

import dev.dfx.core.error.DfxProtocolException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tolerant field access on a decoded JSON tree ({@code Map}/{@code List}/{@code String}/{@code Number}/
 * {@code Boolean}/null, as {@link dev.dfx.core.port.BodyCodec} yields): a missing or null field is absent, an
 * unknown field is ignored, a field of the wrong type fails with a {@link DfxProtocolException} naming the type and
 * field, never the value. No compatibility promise.
 */
public final class Tree {
    private Tree() {
    }

    /** @return the value as an object, or fails naming {@code where} */
    public static Map<String, Object> object(Object v, String where) {
        if (v instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) v;
            return m;
        }
        throw new DfxProtocolException("cannot decode " + where + ": must be a JSON object, got " + kind(v));
    }

    /** @return the field as a string, or null if absent */
    public static String str(Map<String, Object> m, String field, String where) {
        Object v = m.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof Number || v instanceof Boolean) {
            // ids are strings on the wire, but a number in their place loses nothing when read as text
            return String.valueOf(v);
        }
        throw wrong(where, field, "a string", v);
    }

    /** @return the field as a non-blank string, or fails */
    public static String reqStr(Map<String, Object> m, String field, String where) {
        String s = str(m, field, where);
        if (s == null || s.isBlank()) {
            throw new DfxProtocolException("cannot decode " + where + ": " + field + " is missing");
        }
        return s;
    }

    /** @return the field as a long, or null if absent */
    public static Long lng(Map<String, Object> m, String field, String where) {
        Object v = m.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Number) {
            double d = ((Number) v).doubleValue();
            if (v instanceof Long || v instanceof Integer) {
                return ((Number) v).longValue();
            }
            if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                return (long) d;
            }
        }
        if (v instanceof String) {
            try {
                return Long.parseLong(((String) v).trim());
            } catch (NumberFormatException e) {
                throw wrong(where, field, "an integer", v);
            }
        }
        throw wrong(where, field, "an integer", v);
    }

    /** @return the field as a boolean, or null if absent */
    public static Boolean bool(Map<String, Object> m, String field, String where) {
        Object v = m.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        throw wrong(where, field, "a boolean", v);
    }

    /** @return seconds since the epoch as an instant (milliseconds when larger than 10^11), or null if absent */
    public static Instant epoch(Map<String, Object> m, String field, String where) {
        Long s = lng(m, field, where);
        if (s == null) {
            return null;
        }
        return s > 100_000_000_000L ? Instant.ofEpochMilli(s) : Instant.ofEpochSecond(s);
    }

    /** @return the field as an object, or null if absent */
    public static Map<String, Object> obj(Map<String, Object> m, String field, String where) {
        Object v = m.get(field);
        return v == null ? null : object(v, where + "." + field);
    }

    /** @return the field as a list, or null if absent */
    public static List<?> list(Map<String, Object> m, String field, String where) {
        Object v = m.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof List) {
            return (List<?>) v;
        }
        throw wrong(where, field, "an array", v);
    }

    /** @return a map of string values (non-string values are written as text), or an empty map if absent */
    public static Map<String, String> strings(Map<String, Object> m, String field, String where) {
        Map<String, Object> o = obj(m, field, where);
        Map<String, String> out = new LinkedHashMap<>();
        if (o != null) {
            for (Map.Entry<String, Object> e : o.entrySet()) {
                if (e.getValue() != null) {
                    out.put(e.getKey(), e.getValue() instanceof String ? (String) e.getValue()
                            : String.valueOf(e.getValue()));
                }
            }
        }
        return out;
    }

    private static DfxProtocolException wrong(String where, String field, String want, Object got) {
        return new DfxProtocolException("cannot decode " + where + ": " + field + " must be " + want + ", got "
                + kind(got));
    }

    /** @return the JSON kind of a tree value, never the value itself */
    public static String kind(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "object";
        }
        if (v instanceof List) {
            return "array";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        if (v instanceof Number) {
            return "number";
        }
        return "unknown";
    }
}
