package dev.dfx.cli;

import dev.dfx.testkit.FakeDfxServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

    @Option(names = "--transport", description = "jetty or netty (default: ${DEFAULT-VALUE})", defaultValue = "jetty")
    TransportKind transport = TransportKind.jetty;

    @Option(names = "--chunks", description = "number of chunks (default: ${DEFAULT-VALUE})", defaultValue = "6")
    int chunkCount = 6;

    @Override
    public Integer call() {
        if (chunkCount < 1) {
            System.err.println("dfx demo: --chunks must be 1 or more");
            return 2;
        }
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
                    transport, true, Duration.ofSeconds(1), Duration.ofSeconds(60), System.err).withLogin(login).run();
            Report.table(outcome.finalResult(), System.out);
            System.out.printf("%d/%d chunks acked, %d results, %d ms, ack p50 %.1f ms, p99 %.1f ms over %s%n",
                    outcome.chunksAcked(), chunks.size(), outcome.resultsReceived(), outcome.elapsedMs(),
                    outcome.p50AckMs(), outcome.p99AckMs(), outcome.transport());
            outcome.errors().forEach(e -> System.out.println("error: " + e.get("code") + " (status "
                    + e.get("status") + "): " + e.get("message")));
            return outcome.ok() ? 0 : 1;
        }
    }
}
