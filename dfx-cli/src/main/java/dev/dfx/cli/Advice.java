package dev.dfx.cli;

import dev.dfx.core.error.DfxHandshakeException;
import dev.dfx.core.error.DfxServerException;
import dev.dfx.core.error.DfxTimeoutException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * What to do about a failed measurement: one sentence per kind of error, naming the option or command that fixes it
 * (issue 15: "every error says what to do"). The server's side of each rule is docs/protocol.md §6.3.
 */
final class Advice {
    private Advice() {
    }

    /**
     * @param error the failure (a DFX exception, or a timeout of the whole run)
     * @param url the server URL the run used
     * @return the advice, or null when there is nothing better to say than the error itself
     */
    static String forError(Throwable error, URI url) {
        if (error instanceof DfxServerException) {
            return forServerCode(((DfxServerException) error).code(), ((DfxServerException) error).status());
        }
        if (error instanceof DfxHandshakeException) {
            int status = ((DfxHandshakeException) error).status();
            if (status == 401 || status == 403) {
                return "the server refused the token: check --token";
            }
            if (status == 404) {
                return "no DFX WebSocket endpoint at " + url + ": check the path in --url (usually none)";
            }
            if (status == DfxHandshakeException.NO_STATUS) {
                return "the server at " + url + " did not accept the 'json' subprotocol: check that --url points at "
                        + "a DFX server";
            }
            return "the WebSocket upgrade failed with HTTP " + status + ": check --url";
        }
        if (error instanceof DfxTimeoutException || error instanceof TimeoutException) {
            return "the server did not answer in time: check that --url points at a DFX server, or raise --timeout";
        }
        if (has(error, ConnectException.class)) {
            int port = url.getPort() > 0 ? url.getPort() : "wss".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
            return "nothing accepts connections at " + url.getHost() + ":" + port + ": start the server there (for a "
                    + "local fake server: dfx serve --port " + port + ") or fix --url";
        }
        if (has(error, UnknownHostException.class)) {
            return "the host name " + url.getHost() + " does not resolve: check --url";
        }
        if (has(error, SSLException.class)) {
            return "the TLS handshake with " + url.getHost() + " failed: check that the server speaks wss:// and that "
                    + "its certificate is trusted by this JVM";
        }
        return null;
    }

    private static String forServerCode(String code, int status) {
        switch (code.toUpperCase(Locale.ROOT)) {
            case "INVALID_TOKEN":
            case "TOKEN_EXPIRED":
                return "the server refused the token: pass a valid, unexpired token with --token (dfx serve accepts "
                        + "the ones given to its --token, test-token by default)";
            case "LICENSE_EXPIRED":
            case "INACTIVE_LICENSE":
            case "INACTIVE_DEVICE":
                return "the licence or device is not active: register the device with a valid licence and use the "
                        + "new token";
            case "INVALID_MEASUREMENT":
                return "the server does not know this measurement: create it first (REST Measurements.Create) and pass "
                        + "its id to --measurement, on the same region as --url (dfx serve: add --measurement ID or "
                        + "--any-measurement)";
            case "MEASUREMENT_CLOSED":
            case "MISALIGNED_CHUNK":
            case "UNPACKER_RPC_ERROR":
                return "the server ended this measurement: create a new one and run again with its id in --measurement";
            case "RATE_LIMIT":
                return "chunks went faster than real time: run without --no-pace";
            default:
                if (status == 403) {
                    return "the token is not allowed to do this: use a token with the needed permission";
                }
                return status >= 500 ? "the server failed: try again later" : null;
        }
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
