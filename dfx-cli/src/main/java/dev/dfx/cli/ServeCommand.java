package dev.dfx.cli;

import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.server.Recording;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dfx serve}: the fake DFX server on 127.0.0.1 until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the fake DFX server on 127.0.0.1. Prints its URL on the first stdout line.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "0", description = "port (default ${DEFAULT-VALUE}: any free port)")
    int port;

    @Option(names = "--token", description = "a valid token (repeatable; default: test-token)")
    List<String> tokens = new ArrayList<>();

    @Option(names = "--measurement", description = "a known measurement id (repeatable)")
    List<String> measurements = new ArrayList<>();

    @Option(names = "--any-measurement", description = "accept any measurement id (the default when no "
            + "--measurement is given)")
    boolean anyMeasurement;

    @Option(names = "--no-rate-limit", description = "turn the real-time rule off")
    boolean noRateLimit;

    @Option(names = "--rate-allowance", defaultValue = "5", description = "seconds chunks may run ahead of real time "
            + "(default ${DEFAULT-VALUE})")
    double rateAllowance;

    @Option(names = "--tls", description = "serve wss:// with a self-signed certificate made at start")
    boolean tls;

    @Option(names = "--max-duration", defaultValue = "120", description = "longest measurement in chunk-seconds "
            + "(default ${DEFAULT-VALUE}, the documented limit); raise it for long benchmark runs")
    double maxDuration;

    @Option(names = "--license-key", paramLabel = "KEY", description = "a licence key that 0705 RegisterLicense "
            + "accepts (repeatable; never printed)")
    List<String> licenseKeys = new ArrayList<>();

    @Option(names = "--study", paramLabel = "STUDY", description = "a study id that 0504 Measurements.Create accepts "
            + "(repeatable; default: any study)")
    List<String> studies = new ArrayList<>();

    @Option(names = "--token-ttl", paramLabel = "SECONDS", defaultValue = "86400", description = "lifetime of the "
            + "tokens the server mints, 1 or more (default ${DEFAULT-VALUE}; a shorter TokenExpiresIn wins)")
    long tokenTtl;

    @Option(names = "--expire-in-session", description = "once a socket's token expires, refuse its requests with "
            + "401 TOKEN_EXPIRED until it logs in again with 0718")
    boolean expireInSession;

    @Option(names = "--record-frames", paramLabel = "N", defaultValue = "1000", description = "frames the server "
            + "keeps in memory, per direction, the newest ones (default ${DEFAULT-VALUE}; 0 keeps none); bounded so "
            + "that a long load run does not fill the heap")
    int recordFrames;

    @Option(names = "--record-payloads", description = "keep the recorded frames' bytes too (default: only their "
            + "header fields, size and time)")
    boolean recordPayloads;

    /** @return how much traffic the server keeps: the newest {@code --record-frames} each way, bytes if asked */
    Recording recording() {
        return new Recording(recordFrames, recordPayloads);
    }

    /** @return true if the failure comes from binding the listening socket (the port is taken) */
    static boolean causedByBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535, got " + port);
        }
        if (!(rateAllowance >= 0)) {
            throw new ParameterException(spec.commandLine(), "--rate-allowance must be 0 or more, got "
                    + rateAllowance);
        }
        if (!(maxDuration > 0)) {
            throw new ParameterException(spec.commandLine(), "--max-duration must be positive, got " + maxDuration);
        }
        if (tokenTtl < 1) {
            throw new ParameterException(spec.commandLine(), "--token-ttl must be 1 or more seconds, got " + tokenTtl);
        }
        if (recordFrames < 0) {
            throw new ParameterException(spec.commandLine(), "--record-frames must be 0 or more, got "
                    + recordFrames);
        }
        for (String key : licenseKeys) {
            if (key.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--license-key must not be blank");
            }
        }
        for (String study : studies) {
            if (study.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--study must not be blank");
            }
        }
        List<String> valid = tokens.isEmpty() ? List.of("test-token") : tokens;
        boolean any = anyMeasurement || measurements.isEmpty();
        FakeDfxServer.Builder b = FakeDfxServer.builder().tokens(valid.toArray(String[]::new))
                .measurements(measurements.toArray(String[]::new)).acceptAnyMeasurement(any)
                .rateLimit(!noRateLimit).rateAllowance(Duration.ofMillis(Math.round(rateAllowance * 1000)))
                .maxMeasurementDuration(Duration.ofMillis(Math.round(maxDuration * 1000)))
                .studies(studies.toArray(String[]::new)).tokenTtl(Duration.ofSeconds(tokenTtl))
                .expireTokensInSession(expireInSession)
                .recording(recording())
                .socket(port).tls(tls)
                .onConnection(line -> System.err.println(line));
        licenseKeys.forEach(b::license);
        FakeDfxServer server;
        try {
            server = b.build().start();
        } catch (RuntimeException e) {
            if (port != 0 && causedByBindFailure(e)) {
                System.err.println("dfx serve: port " + port + " on 127.0.0.1 is in use (another dfx serve?): stop "
                        + "what uses it, pick another with --port N, or pass --port 0 for any free port");
            } else {
                System.err.println("dfx serve: cannot start: " + e.getMessage());
            }
            return 1;
        }
        System.out.println(server.uri());
        System.out.flush();
        if (tokens.isEmpty()) {
            System.err.println("accepting token 'test-token' (pass --token to choose)");
        }
        System.err.println(any ? "accepting any measurement id" : "known measurements: " + measurements);
        if (!licenseKeys.isEmpty()) {
            // the keys themselves are secrets: only their number is printed
            System.err.println("accepting " + licenseKeys.size() + " licence key(s); tokens live " + tokenTtl + " s"
                    + (expireInSession ? ", expiring within a session" : ""));
        }
        System.err.println(studies.isEmpty() ? "accepting any study id" : "known studies: " + studies);
        System.err.println("recording the newest " + recordFrames + " frames each way"
                + (recordPayloads ? ", with their bytes" : ", without their bytes") + " (--record-frames N, "
                + "--record-payloads)");
        // SIGTERM and Ctrl-C run the hook, which closes the server; the JVM then halts. This thread only waits:
        // returning would reach System.exit, which must not run while the hooks run.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            System.err.println("fake DFX server stopped");
        }, "dfx-serve-shutdown"));
        new CountDownLatch(1).await();
        return 0;
    }
}
