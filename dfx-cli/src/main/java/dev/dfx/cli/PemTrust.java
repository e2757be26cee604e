package dev.dfx.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code --ca-cert FILE}: a TLS context that trusts the certificates of a PEM file (a private CA, or the self-signed
 * certificate of {@code dfx serve --tls}) and nothing else. JDK only ({@code java.security}); host name verification
 * is not touched, it stays on in the transports.
 */
final class PemTrust {
    private PemTrust() {
    }

    /**
     * @param pem a file of one or more {@code -----BEGIN CERTIFICATE-----} blocks
     * @return a client context trusting exactly those certificates
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it holds no X.509 certificate
     */
    static SSLContext trusting(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("--ca-cert: no certificate in " + pem);
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--ca-cert: " + pem + " is not a PEM X.509 certificate: "
                    + e.getMessage(), e);
        }
    }
}
