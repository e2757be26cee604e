package dev.dfx.examples;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.Chunk;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.MeasurementSummary;
import dev.dfx.core.MeasurementTarget;
import dev.dfx.core.auth.Credentials;
import dev.dfx.core.auth.FileTokenStore;
import dev.dfx.core.port.Transport;
import dev.dfx.transport.jetty.JettyTransport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A device that starts from its licence key: the first run registers it ({@code 0705}) and keeps the token pair in
 * a file; every later run logs in with the stored token ({@code 0718}) and registers nothing; the client renews the
 * token ({@code 2304}) before it expires, without the app noticing (docs/protocol.md §1.3, §3.3).
 */
public final class LicensedDevice {
    private LicensedDevice() {
    }

    /**
     * Creates a measurement in {@code studyId}, streams {@code chunks} and waits for the final result.
     *
     * @param server the API, e.g. {@code wss://api.deepaffex.ai} (or null: then the stored token's region decides)
     * @param licenseKey the licence key; never logged or printed
     * @param studyId the study the measurement belongs to
     * @param tokenFile where the token pair is kept between runs (owner-only permissions)
     * @param chunks the chunks from the DFX Extraction library, in order
     * @return the summary: chunks acked, every result, the final one
     */
    public static MeasurementSummary measure(URI server, String licenseKey, String studyId, Path tokenFile,
            List<Chunk> chunks) throws InterruptedException, ExecutionException, TimeoutException {
        DfxClientConfig config = DfxClientConfig.builder()
                .uri(server)
                .credentials(new Credentials.License(licenseKey,
                        "LINUX",                                   // DeviceTypeID
                        "kiosk-7",                                 // Name
                        "kiosk-7-serial",                          // Identifier
                        "1.0",                                     // Version
                        Duration.ofHours(1)))                      // TokenExpiresIn, or null for the server's
                .tokenStore(FileTokenStore.of(tokenFile))
                .build();
        try (Transport transport = JettyTransport.create();
             DfxClient client = DfxClient.builder()
                     .transport(transport)
                     .codec(JacksonBodyCodec.create())
                     .config(config)
                     .build()) {
            // connects (registering or logging in), creates the measurement (0504), subscribes, streams, disconnects
            return client.measure(MeasurementTarget.study(studyId), chunks).get(5, TimeUnit.MINUTES);
        }
    }
}
