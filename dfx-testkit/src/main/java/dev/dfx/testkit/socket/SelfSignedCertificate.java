package dev.dfx.testkit.socket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away self-signed certificate for {@code 127.0.0.1} and {@code localhost}, made by the JDK's own
 * {@code keytool} so the testkit needs no extra dependency. Made once per JVM (keytool takes about a second) and
 * shared by every TLS front end. Package-private: tests reach it through {@link WebSocketServerFrontEnd}.
 */
final class SelfSignedCertificate {
    private static final System.Logger LOG = System.getLogger(SelfSignedCertificate.class.getName());
    /** Password of the generated key store; a test fixture, not a secret. */
    static final String PASSWORD = "dfx-testkit";
    private static final String ALIAS = "dfx-testkit";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;
    private static volatile SelfSignedCertificate shared;

    private final KeyStore keyStore;
    private final SSLContext trustingContext;

    private SelfSignedCertificate(KeyStore keyStore, SSLContext trustingContext) {
        this.keyStore = keyStore;
        this.trustingContext = trustingContext;
    }

    /** @return the JVM-wide certificate, generating it on first use */
    static SelfSignedCertificate get() {
        SelfSignedCertificate c = shared;
        if (c == null) {
            synchronized (SelfSignedCertificate.class) {
                c = shared;
                if (c == null) {
                    c = generate();
                    shared = c;
                }
            }
        }
        return c;
    }

    /** @return a PKCS12 key store holding the private key and certificate, password {@link #PASSWORD} */
    KeyStore keyStore() {
        return keyStore;
    }

    /** @return a server-side TLS context holding the key, for the in-memory transport's TLS handshake */
    SSLContext serverContext() {
        try {
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the server TLS context", e);
        }
    }

    /** @return a client TLS context that trusts this certificate (and nothing else) */
    SSLContext trustingContext() {
        return trustingContext;
    }

    private static SelfSignedCertificate generate() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("dfx-testkit-tls");
            Path file = dir.resolve("server.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
                    "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=127.0.0.1",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", file.toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish in " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed (exit " + process.exitValue() + "): "
                        + new String(output, StandardCharsets.UTF_8));
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                keyStore.load(in, PASSWORD.toCharArray());
            }
            Certificate certificate = keyStore.getCertificate(ALIAS);
            KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
            trustStore.load(null, null);
            trustStore.setCertificateEntry(ALIAS, certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            LOG.log(System.Logger.Level.DEBUG, "generated a self-signed test certificate for 127.0.0.1");
            return new SelfSignedCertificate(keyStore, context);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the test certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the test certificate", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not delete the temporary key store folder", e);
        }
    }
}
