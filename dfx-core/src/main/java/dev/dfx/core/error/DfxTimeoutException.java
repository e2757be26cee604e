package dev.dfx.core.error;

import java.time.Duration;

/** A bounded wait ran out: connect, login, a request, a pong, a result. */
public class DfxTimeoutException extends DfxException {
    private static final long serialVersionUID = 1L;
    private final String operation;
    private final transient Duration limit;

    /**
     * @param operation what was waited for, for example {@code "request 0506"}
     * @param limit the limit that ran out
     */
    public DfxTimeoutException(String operation, Duration limit) {
        super(operation + " timed out after " + limit.toMillis() + " ms");
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
