package dev.dfx.core.body;

import java.util.List;
import java.util.Map;

/**
 * A result's {@code Error}: {@code {"Code":..., "Errors":{key:{"msgs":[...]}}}} with Code {@code OK},
 * {@code WORKER_ERROR}, {@code LIVENESS_ERROR} or {@code ANALYSIS_ERROR} (PROTOCOL.md §5.3).
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
        errors = errors == null ? Map.of() : Map.copyOf(errors);
    }

    /** @return true unless the code is {@code OK} */
    public boolean isError() {
        return !OK.equals(code);
    }
}
