package dev.dfx.testkit.memory;

import dev.dfx.core.error.DfxTransportException;
import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.ProxySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The in-memory transport's one piece of real network: it asks a {@link ProxySpec proxy} for a {@code CONNECT}
 * tunnel, so the contract suite proves its proxy cases on this transport too (credentials sent, a refusal typed as
 * the socket adapters type it). The tunnel is closed at once; frames then pass in memory. A few lines of HTTP/1.1 on
 * a blocking socket bounded by the spec's connect timeout, on the connecting I/O thread: test infrastructure only.
 */
final class InMemoryProxyTunnel {
    private static final int MAX_RESPONSE_HEAD = 8 * 1024;

    private InMemoryProxyTunnel() {
    }

    /**
     * @param proxy the proxy's address (unresolved is fine)
     * @param spec the connection's spec: target and credentials
     * @return null if the proxy granted the tunnel, else the failure for the connect future (never naming
     *     credentials)
     */
    static DfxTransportException open(InetSocketAddress proxy, ConnectSpec spec) {
        URI uri = spec.uri();
        int port = uri.getPort() != -1 ? uri.getPort() : spec.secure() ? 443 : 80;
        String target = uri.getHost() + ":" + port;
        int timeout = (int) Math.min(Integer.MAX_VALUE, Math.max(1, spec.connectTimeout().toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(proxy.getHostString(), proxy.getPort()), timeout);
            socket.setSoTimeout(timeout);
            StringBuilder request = new StringBuilder("CONNECT ").append(target).append(" HTTP/1.1\r\nHost: ")
                    .append(target).append("\r\n");
            ProxySpec p = spec.proxy();
            if (p.hasCredentials()) {
                request.append("Proxy-Authorization: Basic ").append(Base64.getEncoder().encodeToString(
                        (p.username() + ":" + p.password()).getBytes(StandardCharsets.UTF_8))).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String statusLine = readLine(socket.getInputStream());
            String[] parts = statusLine.split(" ", 3);
            int status = parts.length >= 2 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
            if (status == 200) {
                return null;
            }
            return new DfxTransportException("proxy refused the tunnel to " + target + " with HTTP " + status, null,
                    status >= 500);
        } catch (IOException e) {
            return new DfxTransportException("proxy tunnel to " + target + " failed: " + e.getMessage(), e, true);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < MAX_RESPONSE_HEAD; i++) {
            int b = in.read();
            if (b < 0 || b == '\n') {
                break;
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
