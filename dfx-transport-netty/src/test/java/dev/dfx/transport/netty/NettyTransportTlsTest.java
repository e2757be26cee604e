package dev.dfx.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dfx.core.error.DfxHandshakeException;
import dev.dfx.core.error.DfxTransportException;
import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.Connection;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wss} through the adapter's {@code SslHandler}: self-signed certificates made by the JDK's {@code keytool}
 * (run as a process) into temporary PKCS12 stores. One server's certificate names 127.0.0.1 (the address connected
 * to); the other names only {@code other.invalid}, to prove host-name verification.
 */
@ExtendWith(LeakDetectionExtension.class)
class NettyTransportTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    private static EchoServer matching;
    private static EchoServer mismatched;
    private static SSLContext trustMatching;
    private static SSLContext trustMismatched;
    private NettyTransport transport;

    @BeforeAll
    static void startServers() throws Exception {
        KeyStore ip = keyStore(dir.resolve("ip.p12"), "san=ip:127.0.0.1");
        KeyStore other = keyStore(dir.resolve("other.p12"), "san=dns:other.invalid");
        matching = EchoServer.startTls(serverContext(ip));
        mismatched = EchoServer.startTls(serverContext(other));
        trustMatching = clientContext(ip);
        trustMismatched = clientContext(other);
    }

    @AfterAll
    static void stopServers() {
        if (matching != null) {
            matching.close();
        }
        if (mismatched != null) {
            mismatched.close();
        }
    }

    @BeforeEach
    void newTransport() {
        transport = NettyTransport.create();
    }

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    @Test
    void trustedCertificate_connectsAndEchoesOverWss() throws Exception {
        RecordingListener listener = new RecordingListener();
        ConnectSpec spec = ConnectSpec.builder(matching.uri("/ws")).sslContext(trustMatching).build();

        Connection connection = transport.connect(spec, listener).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        connection.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3})).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(connection.subprotocol()).isEqualTo("json");
        ByteBuffer echoed = listener.nextBinary(WAIT);
        assertThat(echoed).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        connection.close(1000, "").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(listener.terminal(WAIT).code()).isEqualTo(1000);
    }

    @Test
    void untrustedCertificate_failsWithNonRetryableTransportException() {
        RecordingListener listener = new RecordingListener();
        // No sslContext: the JDK default trust store, which does not know the self-signed certificate.
        ConnectSpec spec = ConnectSpec.builder(matching.uri("/ws")).build();

        Throwable failure = connectFailure(spec, listener);

        assertThat(failure).isInstanceOf(DfxTransportException.class).isNotInstanceOf(DfxHandshakeException.class);
        assertThat(((DfxTransportException) failure).retryable()).isFalse();
        assertThat(failure).hasRootCauseInstanceOf(Exception.class);
        assertThat(causes(failure)).anyMatch(SSLException.class::isInstance);
        assertThat(listener.eventCount()).isZero();
    }

    @Test
    void certificateForAnotherHost_failsWhenVerifyingHostname() {
        RecordingListener listener = new RecordingListener();
        ConnectSpec spec = ConnectSpec.builder(mismatched.uri("/ws")).sslContext(trustMismatched).build();

        Throwable failure = connectFailure(spec, listener);

        assertThat(failure).isInstanceOf(DfxTransportException.class);
        assertThat(causes(failure)).anyMatch(SSLException.class::isInstance);
        assertThat(listener.eventCount()).isZero();
    }

    @Test
    void certificateForAnotherHost_connectsWhenHostnameVerificationIsOff() throws Exception {
        ConnectSpec spec = ConnectSpec.builder(mismatched.uri("/ws")).sslContext(trustMismatched)
                .verifyHostname(false).build();

        Connection connection = transport.connect(spec, new RecordingListener())
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(connection.isOpen()).isTrue();
        assertThat(connection.subprotocol()).isEqualTo("json");
    }

    private Throwable connectFailure(ConnectSpec spec, RecordingListener listener) {
        ExecutionException e = catchThrowableOfType(ExecutionException.class,
                () -> transport.connect(spec, listener).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertThat(e).as("connect should have failed").isNotNull();
        return e.getCause();
    }

    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** Runs {@code keytool -genkeypair} for a self-signed EC certificate with the given extension. */
    private static KeyStore keyStore(Path file, String subjectAltName) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=dfx-test", "-ext", subjectAltName, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(PASSWORD),
                "-keypass", new String(PASSWORD), "-noprompt")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(file.getFileName() + ".log").toFile())
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool exit code, see " + file + ".log").isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private static SSLContext serverContext(KeyStore store) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static SSLContext clientContext(KeyStore store) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
