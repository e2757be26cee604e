package dev.dfx.testkit.memory;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * A real TLS handshake between two {@link SSLEngine}s, with the records passed in memory. The in-memory transport
 * runs it for {@code wss://} targets so that trust and host-name checks behave as over a socket: the JDK verifies
 * the server's certificate against the client's context. After the handshake the connection carries plain frames.
 */
final class InMemoryTls {
    private static final int MAX_ROUNDS = 200;

    private InMemoryTls() {
    }

    /**
     * @param client the client's context (the spec's, or the JDK default)
     * @param server the server's context, holding its key
     * @param host the host the client asked for
     * @param port the port the client asked for
     * @param verifyHostname whether the client checks the certificate's name (HTTPS identification)
     * @throws SSLException if the handshake fails (for example an untrusted certificate)
     */
    static void handshake(SSLContext client, SSLContext server, String host, int port, boolean verifyHostname)
            throws SSLException {
        SSLEngine c = client.createSSLEngine(host, port);
        c.setUseClientMode(true);
        if (verifyHostname) {
            SSLParameters p = c.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            c.setSSLParameters(p);
        }
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        int packet = Math.max(c.getSession().getPacketBufferSize(), s.getSession().getPacketBufferSize());
        int app = Math.max(c.getSession().getApplicationBufferSize(), s.getSession().getApplicationBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(packet * 4);
        ByteBuffer toClient = ByteBuffer.allocate(packet * 4);
        ByteBuffer clientApp = ByteBuffer.allocate(app);
        ByteBuffer serverApp = ByteBuffer.allocate(app);
        ByteBuffer empty = ByteBuffer.allocate(0);
        c.beginHandshake();
        s.beginHandshake();
        try {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                if (done(c) && done(s)) {
                    return;
                }
                c.wrap(empty, toServer);
                runTasks(c);
                s.wrap(empty, toClient);
                runTasks(s);
                toServer.flip();
                s.unwrap(toServer, serverApp);
                toServer.compact();
                runTasks(s);
                toClient.flip();
                c.unwrap(toClient, clientApp);
                toClient.compact();
                runTasks(c);
            }
            throw new SSLException("in-memory TLS handshake did not finish in " + MAX_ROUNDS + " rounds");
        } finally {
            c.closeOutbound();
            s.closeOutbound();
        }
    }

    private static boolean done(SSLEngine e) {
        HandshakeStatus h = e.getHandshakeStatus();
        return h == HandshakeStatus.NOT_HANDSHAKING || h == HandshakeStatus.FINISHED;
    }

    private static void runTasks(SSLEngine e) {
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
