package dev.dfx.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dfx measure}: streams one measurement to a DFX server (or {@code dfx serve}). */
@Command(name = "measure", mixinStandardHelpOptions = true,
        description = "Stream one measurement: saved chunks (--chunks DIR) or random ones (--synthetic N).")
final class MeasureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, description = "ws:// or wss:// URL of the server")
    URI url;

    @Option(names = "--token", description = "device or user token (never printed); or --license-key")
    String token;

    @Option(names = "--measurement", description = "measurement id (not needed with --study)")
    String measurementId;

    @Mixin
    AuthOptions auth = new AuthOptions();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Exactly one chunk source. */
    static final class Source {
        @Option(names = "--chunks", required = true, description = "folder of payload*.bin (+ metadata*.bin, "
                + "properties*.json) in dfx-demo-py's saved-chunks layout")
        Path folder;

        @Option(names = "--synthetic", required = true, description = "send N chunks of random bytes")
        Integer synthetic;
    }

    @Option(names = "--chunk-bytes", defaultValue = "4096", description = "bytes per synthetic chunk (default "
            + "${DEFAULT-VALUE})")
    int chunkBytes;

    @Option(names = "--duration", defaultValue = "5", description = "seconds per synthetic chunk, or per saved chunk "
            + "without properties (default ${DEFAULT-VALUE})")
    double durationSeconds;

    @Option(names = "--transport", defaultValue = "jetty", description = "jetty or netty (default ${DEFAULT-VALUE})")
    TransportKind transport;

    @Option(names = "--no-pace", description = "send as fast as acks allow (the server may answer RATE_LIMIT)")
    boolean noPace;

    @Option(names = "--json", description = "print one JSON summary object as the last stdout line")
    boolean json;

    @Option(names = "--timeout", defaultValue = "300", description = "seconds for the whole run (default "
            + "${DEFAULT-VALUE})")
    double timeoutSeconds;

    @Override
    public Integer call() {
        if (!(durationSeconds > 0) || durationSeconds > 120) {
            throw new ParameterException(spec.commandLine(), "--duration must be in (0, 120] seconds, got "
                    + durationSeconds);
        }
        if (!(timeoutSeconds > 0)) {
            throw new ParameterException(spec.commandLine(), "--timeout must be positive, got " + timeoutSeconds);
        }
        String scheme = url.getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme) || url.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--url must be ws://host[:port] or wss://host[:port], got "
                    + url);
        }
        if ((token == null) == (auth.licenseKey == null)) {
            throw new ParameterException(spec.commandLine(), "give exactly one of --token and --license-key");
        }
        if ((measurementId == null) == (auth.studyId == null)) {
            throw new ParameterException(spec.commandLine(), "give exactly one of --measurement and --study");
        }
        if (auth.studyId != null && auth.licenseKey == null) {
            throw new ParameterException(spec.commandLine(), "--study needs --license-key");
        }
        if (token != null && token.isBlank() || auth.licenseKey != null && auth.licenseKey.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--token / --license-key must not be blank");
        }
        LicenseSetup.Login login = null;
        if (auth.licenseKey != null) {
            java.nio.file.Path file = auth.tokenFileOrDefault();
            System.err.println("token file: " + file.toAbsolutePath());
            login = new LicenseSetup.Login(LicenseSetup.licence(auth.licenseKey, auth.deviceName,
                    auth.deviceIdentifier), dev.dfx.core.auth.FileTokenStore.of(file));
            try {
                LicenseSetup.Ready ready = LicenseSetup.run(url, login.credentials(), login.store(), auth.studyId,
                        measurementId, transport, System.err);
                measurementId = ready.measurementId();
            } catch (LicenseSetup.SetupException e) {
                System.err.println("dfx measure: " + e.getMessage());
                return 1;
            }
        }
        Duration duration = Duration.ofNanos(Math.round(durationSeconds * 1e9));
        List<SavedChunk> chunks;
        try {
            chunks = source.folder != null ? ChunkSource.fromFolder(source.folder, duration)
                    : ChunkSource.synthetic(source.synthetic, chunkBytes, duration, System.nanoTime());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--chunks: cannot read " + source.folder + ": " + e);
        }
        MeasurementRun.Outcome outcome;
        try {
            outcome = new MeasurementRun(url, token, measurementId, chunks, transport, !noPace,
                    Duration.ofSeconds(4), Duration.ofNanos(Math.round(timeoutSeconds * 1e9)), System.err)
                    .withLogin(login).run();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!json) {
            Report.table(outcome.finalResult(), System.out);
        }
        for (var e : outcome.errors()) {
            System.err.println("error: " + e.get("code") + " (status " + e.get("status") + "): " + e.get("message"));
        }
        System.err.printf("%s: %d/%d chunks acked, %d results, %d ms, ack p50 %.2f ms, p99 %.2f ms over %s%n",
                outcome.ok() ? "ok" : "FAILED", outcome.chunksAcked(), chunks.size(), outcome.resultsReceived(),
                outcome.elapsedMs(), outcome.p50AckMs(), outcome.p99AckMs(), outcome.transport());
        if (json) {
            System.out.println(Report.json(outcome.toJson()));
        }
        return outcome.ok() ? 0 : 1;
    }
}
