package dev.dfx.core.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The non-server members of the error tree (docs/style.md §5): their fields and messages. */
class DfxExceptionsTest {

    @Test
    void transportException_keepsCauseAndRetryable() {
        IOException cause = new IOException("reset");
        DfxTransportException e = new DfxTransportException("connect failed", cause, true);

        assertThat(e).hasMessage("connect failed").hasCause(cause);
        assertThat(e.retryable()).isTrue();
        assertThat(new DfxTransportException("x", null, false).retryable()).isFalse();
    }

    @Test
    void handshakeException_isNotRetryableAndKeepsStatus() {
        DfxHandshakeException refused = new DfxHandshakeException(404, "not found", null);
        DfxHandshakeException noJson = new DfxHandshakeException(DfxHandshakeException.NO_STATUS, "no json", null);

        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.retryable()).isFalse();
        assertThat(noJson.status()).isEqualTo(-1);
    }

    @Test
    void connectionClosedException_describesCodeReasonAndSide() {
        DfxConnectionClosedException remote = new DfxConnectionClosedException(1001, "going away", true);
        DfxConnectionClosedException local = new DfxConnectionClosedException(1000, null, false);

        assertThat(remote).hasMessage("connection closed by the server (code 1001, reason: going away)");
        assertThat(remote.code()).isEqualTo(1001);
        assertThat(remote.reason()).isEqualTo("going away");
        assertThat(remote.remote()).isTrue();
        assertThat(local).hasMessage("connection closed locally (code 1000)");
        assertThat(local.reason()).isEmpty();
        assertThat(local.remote()).isFalse();
    }

    @Test
    void timeoutException_namesOperationAndLimit() {
        DfxTimeoutException e = new DfxTimeoutException("request 0506", Duration.ofSeconds(30));

        assertThat(e).hasMessage("request 0506 timed out after 30000 ms");
        assertThat(e.operation()).isEqualTo("request 0506");
        assertThat(e.limit()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void timeoutException_nullArguments_throwNullPointerExceptionNamingThem() {
        assertThatThrownBy(() -> new DfxTimeoutException(null, Duration.ZERO)).isInstanceOf(NullPointerException.class)
                .hasMessage("operation");
        assertThatThrownBy(() -> new DfxTimeoutException("login", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("limit");
    }

    @Test
    void protocolException_keepsParserCause() {
        IllegalStateException cause = new IllegalStateException("bad json");

        assertThat(new DfxProtocolException("body of 0506AbCdEf is not JSON", cause)).hasCause(cause);
    }
}
