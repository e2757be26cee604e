package dev.dfx.cli;

import dev.dfx.core.port.ProxySpec;
import java.io.IOException;
import dev.dfx.core.DfxClientConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dfx measure}: streams one measurement to a DFX server (or {@code dfx serve}). Exit codes: 0 done, 1 the
 * measurement failed (each error is printed with what to do), 2 bad arguments, 130 stopped with Ctrl-C.
 */
@Command(name = "measure", mixinStandardHelpOptions = true,
        description = "Stream one measurement: saved chunks (--chunks DIR) or random ones (--synthetic N).")
final class MeasureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Exit code after Ctrl-C: 128 + SIGINT, as shells report it. */
    static final int EXIT_CANCELLED = 130;

    @Option(names = "--url", required = true, converter = WsUrlConverter.class,
            description = "ws:// or wss:// URL of the server")
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
        @Option(names = "--chunks", required = true, description = "folder of saved chunks: dfx-demo-py's "
                + "payloadNNNN.bin, metadataNNNN.bin, propertiesNNNN.json, or the web SDK's <id>-payload-<n>.bin, "
                + "<id>-metadata-<n>.bin (docs/protocol.md §9)")
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

    @Option(names = "--proxy", description = "HTTP CONNECT proxy HOST:PORT to tunnel through (issue 12)")
    String proxy;

    @Option(names = "--ca-cert", description = "PEM certificate(s) to trust for wss:// (a private CA, or dfx serve "
            + "--tls); host names are still verified")
    Path caCert;
    @Option(names = "--allow-insecure-remote", description = "allow ws:// (no TLS: the token travels in clear) to a "
            + "host that is not this machine")
    boolean allowInsecureRemote;

    @Option(names = "--quality-gate", description = "apply the SNR rule of the protocol (section 5.3): cancel when SNR "
            + "< 0.5 at 15 s or in two of the later chunks; withhold the results when the last chunk's SNR < 0.5 "
            + "(exit 1 either way)")
    boolean qualityGate;

    /**
     * Reads {@code --url}: a URL without a scheme ({@code 127.0.0.1:9000}) or with a syntax error gets a message
     * that shows the URL to write, not a {@link URISyntaxException} (issue 15).
     */
    static final class WsUrlConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            String example = value.isBlank() ? "127.0.0.1:9000" : value.strip();
            if (!value.contains("://")) {
                throw new TypeConversionException("'" + value + "' has no scheme: write ws://" + example
                        + " (or wss://" + example + " for TLS)");
            }
            try {
                return new URI(value.strip());
            } catch (URISyntaxException e) {
                throw new TypeConversionException("'" + value + "' is not a valid URL (" + e.getReason()
                        + " at character " + (e.getIndex() + 1) + "): write ws://host:port or wss://host[:port]");
            }
        }
    }

    /**
     * Refuses an unusable URL before anything connects, saying what to write instead.
     *
     * @param url the parsed {@code --url}
     * @param allowInsecureRemote {@code --allow-insecure-remote}
     * @return null if the URL is fine, else the message
     */
    static String urlProblem(URI url, boolean allowInsecureRemote) {
        String scheme = url.getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
            return "--url must start with ws:// or wss://, got " + url + (url.getHost() != null
                    ? "; write ws://" + url.getAuthority() + " (or wss:// for TLS)" : "");
        }
        if (url.getHost() == null) {
            return "--url has no host: write ws://host:port or wss://host[:port], got " + url;
        }
        if (!allowInsecureRemote && !acceptedByLibrary(url, false) && acceptedByLibrary(url, true)) {
            return "--url " + url + " would send the token without TLS to " + url.getHost()
                    + ", which is not this machine: use wss://" + url.getAuthority()
                    + ", or pass --allow-insecure-remote if you mean it";
        }
        return null;
    }

    /** The library's own rule (ws:// only to loopback unless allowed), asked rather than copied. */
    private static boolean acceptedByLibrary(URI url, boolean allowInsecureRemote) {
        try {
            DfxClientConfig.builder().uri(url).userToken("probe").allowInsecureRemote(allowInsecureRemote).build();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public Integer call() {
        if (!(durationSeconds > 0) || durationSeconds > 120) {
            throw new ParameterException(spec.commandLine(), "--duration must be in (0, 120] seconds, got "
                    + durationSeconds);
        }
        if (!(timeoutSeconds > 0)) {
            throw new ParameterException(spec.commandLine(), "--timeout must be positive, got " + timeoutSeconds);
        }
        String problem = urlProblem(url, allowInsecureRemote);
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
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
        javax.net.ssl.SSLContext ssl;
        ProxySpec via;
        try {
            ssl = caCert == null ? null : PemTrust.trusting(caCert);
            via = proxy == null ? null : ProxySpec.parse(proxy);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--ca-cert: cannot read " + caCert + ": " + e);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        LicenseSetup.Login login = null;
        if (auth.licenseKey != null) {
            java.nio.file.Path file = auth.tokenFileOrDefault();
            System.err.println("token file: " + file.toAbsolutePath());
            login = new LicenseSetup.Login(LicenseSetup.licence(auth.licenseKey, auth.deviceName,
                    auth.deviceIdentifier), dev.dfx.core.auth.FileTokenStore.of(file));
            try {
                LicenseSetup.Ready ready = LicenseSetup.run(url, login.credentials(), login.store(), auth.studyId,
                        measurementId, transport, System.err,
                        b -> b.sslContext(ssl).proxy(via).allowInsecureRemote(allowInsecureRemote));
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
        }
        // Ctrl-C from here on cancels the measurement cleanly; the shutdown hook waits until the summary is out.
        Interrupt.Running running = Interrupt.running();
        try {
            MeasurementRun.Outcome outcome;
            try {
                outcome = new MeasurementRun(url, token, measurementId, chunks, transport, !noPace,
                        Duration.ofSeconds(4), Duration.ofNanos(Math.round(timeoutSeconds * 1e9)), System.err)
                        .allowInsecureRemote(allowInsecureRemote).liveProgress(Progress.terminalDetected())
                        .cancelOn(Interrupt.requested()).qualityGate(qualityGate).withLogin(login)
                        .network(ssl, via).run();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            boolean userCancelled = outcome.cancelled() && !outcome.cancelledByQualityGate();
            if (!json && !userCancelled && (outcome.finalResult() != null || outcome.errors().isEmpty())) {
                Report.table(outcome, System.out);
            }
            Report.errors(outcome.errors(), System.err);
            System.err.printf("%s: %d/%d chunks acked, %d results, %d ms, ack p50 %.2f ms, p99 %.2f ms over %s%n",
                    outcome.cancelled() ? "CANCELLED" : outcome.ok() ? "ok" : "FAILED", outcome.chunksAcked(),
                    chunks.size(), outcome.resultsReceived(), outcome.elapsedMs(), outcome.p50AckMs(),
                    outcome.p99AckMs(), outcome.transport());
            if (json) {
                System.out.println(Report.json(outcome.toJson()));
            }
            System.out.flush();
            return userCancelled ? EXIT_CANCELLED : outcome.ok() ? 0 : 1;
        } finally {
            running.close();
        }
    }
}
