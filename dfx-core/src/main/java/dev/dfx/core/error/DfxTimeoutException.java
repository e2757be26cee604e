package dev.dfx.core.error;

import java.time.Duration;
import java.util.Objects;

/** A bounded wait ran out: connect, login, a request, a pong, a result. */
public class DfxTimeoutException extends DfxException {
    private static final long serialVersionUID = 1L;
    private final String operation;
    private final transient Duration limit;

    /**
     * @param operation what was waited for, for example {@code "request 0506"}
     * @param limit the limit that ran out
     * @throws NullPointerException if operation or limit is null
     */
    public DfxTimeoutException(String operation, Duration limit) {
        super(Objects.requireNonNull(operation, "operation") + " timed out after "
                + Objects.requireNonNull(limit, "limit").toMillis() + " ms");
        this.operation = operation;
        this.limit = limit;
    }

    /** @return what was waited for */
    public String operation() {
        return operation;
    }

    /** @return the limit that ran out */
    public Duration limit() {
        return limit;
    }
}
