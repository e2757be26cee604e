package dev.dfx.core.body;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A result's {@code Error}: {@code {"Code":..., "Errors":{key:{"msgs":[...]}}}} with Code {@code OK},
 * {@code WORKER_ERROR}, {@code LIVENESS_ERROR} or {@code ANALYSIS_ERROR} (docs/protocol.md §5.3).
 *
 * @param code the code; {@code OK} if absent
 * @param errors reasons per key; empty if absent
 */
public record ResultError(String code, Map<String, List<String>> errors) {
    /** The code of a result without an error. */
    public static final String OK = "OK";

    /** Normalises nulls and copies. */
    public ResultError {
        code = code == null || code.isEmpty() ? OK : code;
        errors = errors == null ? Map.of() : deepCopy(errors);
    }

    /** @return true unless the code is {@code OK} */
    public boolean isError() {
        return !OK.equals(code);
    }

    /** Copies the map and each message list, so that a caller's later changes cannot reach this record. */
    private static Map<String, List<String>> deepCopy(Map<String, List<String>> errors) {
        Map<String, List<String>> copy = new HashMap<>();
        errors.forEach((key, msgs) -> copy.put(Objects.requireNonNull(key, "errors key"),
                List.copyOf(Objects.requireNonNull(msgs, "errors value"))));
        return Map.copyOf(copy);
    }
}
