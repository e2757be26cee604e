package dev.dfx.testkit.wire;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a client asked for in its WebSocket upgrade.
 *
 * @param path the request target, e.g. {@code "/"}
 * @param headers request headers; names in lower case
 * @param subprotocols the offered subprotocols, in order
 * @param remoteAddress the client's address, for logs
 */
public record HandshakeRequest(String path, Map<String, List<String>> headers, List<String> subprotocols,
                               String remoteAddress) {
    /** Copies. */
    public HandshakeRequest {
        Objects.requireNonNull(path, "path");
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
        subprotocols = List.copyOf(Objects.requireNonNull(subprotocols, "subprotocols"));
        Objects.requireNonNull(remoteAddress, "remoteAddress");
    }

    /**
     * @param name header name, any case
     * @return the first value of the header, or null
     */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    @Override
    public String toString() {
        return "HandshakeRequest[path=" + path + ", headers=" + headers.keySet() + " (values hidden), subprotocols="
                + subprotocols + ", remote=" + remoteAddress + "]";
    }
}
