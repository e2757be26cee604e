package dev.dfx.testkit.server.internal;

import java.math.BigDecimal;
import java.util.Map;

/** Lenient readers of decoded JSON trees (docs/protocol.md §2.3, §4.1: absent = not provided; numeric strings too). */
final class Bodies {
    private Bodies() {
    }

    static Map<?, ?> object(Object value, String name) {
        if (value instanceof Map) {
            return (Map<?, ?>) value;
        }
        throw new Refusal(400, "INVALID_REQUEST", name + " must be a JSON object");
    }

    /** @return {@code Params.ID}, required and non-blank */
    static String paramsId(Map<?, ?> body) {
        Object params = body.get("Params");
        if (params == null) {
            throw new Refusal(400, "INVALID_REQUEST", "Params.ID is required");
        }
        Object id = object(params, "Params").get("ID");
        if (!(id instanceof String) || ((String) id).isBlank()) {
            throw new Refusal(400, "INVALID_REQUEST", "Params.ID must be a non-empty string");
        }
        return (String) id;
    }

    /** @return the number, or null if absent; a numeric string counts as a number */
    static BigDecimal number(Map<?, ?> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            return null;
        }
        try {
            if (v instanceof Number) {
                return new BigDecimal(v.toString());
            }
            if (v instanceof String) {
                return new BigDecimal(((String) v).trim());
            }
        } catch (NumberFormatException e) {
            // fall through to the refusal
        }
        throw new Refusal(400, "INVALID_REQUEST", name + " must be a number");
    }

    /** @return the non-negative integer, or null if absent */
    static Integer nonNegativeInt(Map<?, ?> body, String name) {
        BigDecimal n = number(body, name);
        if (n == null) {
            return null;
        }
        try {
            int i = n.intValueExact();
            if (i >= 0) {
                return i;
            }
        } catch (ArithmeticException e) {
            // fall through to the refusal
        }
        throw new Refusal(400, "INVALID_REQUEST", name + " must be a non-negative integer");
    }
}
