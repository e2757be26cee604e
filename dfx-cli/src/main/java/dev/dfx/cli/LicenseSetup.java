package dev.dfx.cli;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.api.CreateMeasurementRequest;
import dev.dfx.core.auth.Credentials;
import dev.dfx.core.auth.TokenStore;
import dev.dfx.core.error.DfxException;
import dev.dfx.core.error.DfxLicenseException;
import dev.dfx.core.error.DfxServerException;
import dev.dfx.core.port.Transport;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The licence-key half of {@code dfx measure} and {@code dfx demo} (issue 11): on one connection, logs in with the
 * stored pair (renewing it if needed) or registers the licence ({@code 0705}) when there is none, and creates the
 * measurement in the study ({@code 0504}) when asked. The streaming that follows logs in with the token it leaves in
 * the store. Errors come back as one line that says what to do; a token never appears in them.
 */
final class LicenseSetup {
    /** What the stream needs: a token (never printed) and the measurement to stream into. */
    record Ready(String token, String measurementId) {
        @Override
        public String toString() {
            return "Ready[token=<redacted>, measurementId=" + measurementId + "]";
        }
    }

    /** A setup failure, with a message for the user. */
    static final class SetupException extends Exception {
        private static final long serialVersionUID = 1L;

        SetupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Credentials and the store the streaming client logs in and renews with. */
    record Login(Credentials credentials, TokenStore store) {
    }

    private LicenseSetup() {
    }

    /**
     * @param b a config builder
     * @param token the bare token, when login is null
     * @param login credentials and store, or null
     * @return the builder, logging in with the credentials (renewing as needed) or with the token
     */
    static DfxClientConfig.Builder login(DfxClientConfig.Builder b, String token, Login login) {
        return login != null ? b.credentials(login.credentials()).tokenStore(login.store()) : b.userToken(token);
    }

    static Credentials.License licence(String key, String name, String identifier) {
        String id = identifier;
        if (id == null || id.isBlank()) {
            try {
                id = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                id = "dfx-cli-device";
            }
        }
        return new Credentials.License(key, "LINUX", name, id, "dfx-cli/1", null);
    }

    /**
     * @param url the server
     * @param credentials the licence
     * @param store where the pair is kept
     * @param studyId the study to create the measurement in, or null to use {@code measurementId}
     * @param measurementId the measurement, when studyId is null
     * @param kind the transport
     * @param log progress lines
     * @return the token and measurement
     * @throws SetupException with a message that says what to do
     */
    static Ready run(URI url, Credentials credentials, TokenStore store, String studyId, String measurementId,
                     TransportKind kind, PrintStream log) throws SetupException {
        return run(url, credentials, store, studyId, measurementId, kind, log, b -> b);
    }

    /**
     * As {@link #run(URI, Credentials, TokenStore, String, String, TransportKind, PrintStream)}, with the network
     * settings of the measurement itself ({@code --ca-cert}, {@code --proxy}, {@code --allow-insecure-remote}), so
     * that registering and creating go the same way as streaming.
     */
    static Ready run(URI url, Credentials credentials, TokenStore store, String studyId, String measurementId,
                     TransportKind kind, PrintStream log,
                     java.util.function.UnaryOperator<DfxClientConfig.Builder> network) throws SetupException {
        boolean stored = store.load().isPresent();
        log.println(stored ? "using the stored token pair (no registration)" : "registering the licence (0705)");
        DfxClientConfig config = network.apply(DfxClientConfig.builder().uri(url).credentials(credentials)
                .tokenStore(store).reconnect(dev.dfx.core.ReconnectPolicy.none())).build();
        try (Transport t = kind.create();
             DfxClient client = DfxClient.builder().transport(t).codec(JacksonBodyCodec.create()).config(config)
                     .build()) {
            client.connect().get(30, TimeUnit.SECONDS);
            String id = measurementId;
            if (studyId != null) {
                id = client.measurements().create(CreateMeasurementRequest.of(studyId)).get(30, TimeUnit.SECONDS)
                        .id();
                log.println("created measurement " + id + " in study " + studyId);
            }
            client.disconnect().get(10, TimeUnit.SECONDS);
            String token = store.load().orElseThrow(() -> new SetupException("no token after the login", null))
                    .token();
            return new Ready(token, id);
        } catch (ExecutionException e) {
            throw new SetupException(explain(e.getCause(), studyId), e.getCause());
        } catch (TimeoutException e) {
            throw new SetupException("the server did not answer in time: check --url", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException("interrupted", e);
        }
    }

    /** One line that says what to do. */
    static String explain(Throwable t, String studyId) {
        if (t instanceof DfxLicenseException) {
            return t.getMessage();
        }
        if (t instanceof DfxServerException) {
            DfxServerException s = (DfxServerException) t;
            if ("INVALID_STUDY".equals(s.code()) || (s.status() == 404 && studyId != null)) {
                return "unknown study " + studyId + ": check --study (the licence must allow it)";
            }
            if (s.status() == 401) {
                return "the server refused the login (" + s.code() + "): delete the token file to register again";
            }
            return s.getMessage();
        }
        if (t instanceof DfxException) {
            return t.getMessage() + ": check --url and that the server runs";
        }
        return String.valueOf(t);
    }

    static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}
