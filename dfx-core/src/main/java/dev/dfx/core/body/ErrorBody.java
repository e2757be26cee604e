package dev.dfx.core.body;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An error body: {@code {"Code":..., "Message":..., "Errors":{key:{"msgs":[...]}}}} (docs/protocol.md §6.1).
 *
 * @param code the {@code Code}; empty if the server sent none
 * @param message the {@code Message}; empty if absent
 * @param errors the {@code Errors} details, key to messages; empty if absent
 */
public record ErrorBody(String code, String message, Map<String, List<String>> errors) {
    /** Normalises nulls to empty values and copies. */
    public ErrorBody {
        code = code == null ? "" : code;
        message = message == null ? "" : message;
        errors = errors == null ? Map.of() : deepCopy(errors);
    }

    /**
     * @param code the code
     * @param message the message
     * @return a body without details
     */
    public static ErrorBody of(String code, String message) {
        return new ErrorBody(Objects.requireNonNull(code, "code"), message, Map.of());
    }

    /** Copies the map and each message list, so that a caller's later changes cannot reach this record. */
    private static Map<String, List<String>> deepCopy(Map<String, List<String>> errors) {
        Map<String, List<String>> copy = new HashMap<>();
        errors.forEach((key, msgs) -> copy.put(Objects.requireNonNull(key, "errors key"),
                List.copyOf(Objects.requireNonNull(msgs, "errors value"))));
        return Map.copyOf(copy);
    }
}
