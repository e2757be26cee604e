package dev.dfx.cli;

import dev.dfx.testkit.FakeDfxServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dfx demo}: starts the fake server in-process on a loopback socket and streams a 6-chunk measurement over a
 * real WebSocket, paced in real time with 1-second chunks, then prints the results.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a 6-chunk measurement against an embedded fake DFX server on a loopback socket.")
final class DemoCommand implements Callable<Integer> {
    static final String DEMO_TOKEN = "demo-token";
    /** The embedded server's licence key and study: the demo runs the whole flow from a licence key (issue 11). */
    static final String DEMO_LICENSE = "DEMO-LICENSE-KEY";
    static final String DEMO_STUDY = "demo-study";

    @Spec
    CommandSpec spec;

    @Option(names = "--transport", description = "jetty or netty (default: ${DEFAULT-VALUE})", defaultValue = "jetty")
    TransportKind transport = TransportKind.jetty;

    @Option(names = "--chunks", description = "number of chunks (default: ${DEFAULT-VALUE})", defaultValue = "6")
    int chunkCount = 6;

    // The run's timeout message names --timeout, so demo takes it too (issue 15).
    @Option(names = "--timeout", description = "seconds for the whole run (default: ${DEFAULT-VALUE})",
            defaultValue = "60")
    double timeoutSeconds = 60;

    @Override
    public Integer call() {
        if (chunkCount < 1) {
            throw new ParameterException(spec.commandLine(), "--chunks must be 1 or more, got " + chunkCount);
        }
        if (!(timeoutSeconds > 0)) {
            throw new ParameterException(spec.commandLine(), "--timeout must be positive, got " + timeoutSeconds);
        }
        Interrupt.Running running = Interrupt.running();
        try (FakeDfxServer server = FakeDfxServer.builder().tokens(DEMO_TOKEN).license(DEMO_LICENSE)
                .studies(DEMO_STUDY).socket(0).build().start()) {
            System.err.printf("fake DFX server listening on %s%n", server.uri());
            LicenseSetup.Ready ready;
            LicenseSetup.Login login = new LicenseSetup.Login(LicenseSetup.licence(DEMO_LICENSE, "dfx-demo",
                    "demo-device"), dev.dfx.core.auth.TokenStore.inMemory());
            try {
                // register the licence on the socket and create the measurement in the study (issue 11)
                ready = LicenseSetup.run(server.uri(), login.credentials(), login.store(), DEMO_STUDY, null,
                        transport, System.err);
            } catch (LicenseSetup.SetupException e) {
                System.err.println("dfx demo: " + e.getMessage());
                return 1;
            }
            String measurementId = ready.measurementId();
            List<SavedChunk> chunks = ChunkSource.synthetic(chunkCount, 4096, Duration.ofSeconds(1), 42);
            MeasurementRun.Outcome outcome = new MeasurementRun(server.uri(), ready.token(), measurementId, chunks,
                    transport, true, Duration.ofSeconds(1), Duration.ofNanos(Math.round(timeoutSeconds * 1e9)),
                    System.err).withLogin(login).liveProgress(Progress.terminalDetected())
                    .cancelOn(Interrupt.requested()).run();
            if (!outcome.cancelled()) {
                Report.table(outcome, System.out);
            }
            System.out.printf("%d/%d chunks acked, %d results, %d ms, ack p50 %.1f ms, p99 %.1f ms over %s%n",
                    outcome.chunksAcked(), chunks.size(), outcome.resultsReceived(), outcome.elapsedMs(),
                    outcome.p50AckMs(), outcome.p99AckMs(), outcome.transport());
            Report.errors(outcome.errors(), System.out);
            System.out.flush();
            return outcome.cancelled() ? MeasureCommand.EXIT_CANCELLED : outcome.ok() ? 0 : 1;
        } finally {
            running.close();
        }
    }
}
