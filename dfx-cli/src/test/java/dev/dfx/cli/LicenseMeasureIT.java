package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.server.LicenseStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code dfx measure --license-key KEY --study STUDY} against the fake server on a loopback socket (issue 11): the
 * first run registers, a second run with the same token file registers nothing; the path is printed, the token never;
 * errors say what to do.
 */
class LicenseMeasureIT {
    private static final String KEY = "CLI-LICENSE-5c2a";
    private static FakeDfxServer server;

    @BeforeAll
    static void start() {
        server = FakeDfxServer.builder().license(KEY).license("OLD-KEY", LicenseStatus.EXPIRED).studies("S1")
                .socket(0).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static CliTestSupport.Result measure(Path tokens, TransportKind t, String key, String study) {
        return CliTestSupport.run("measure", "--url", server.uri().toString(), "--license-key", key, "--study", study,
                "--token-file", tokens.toString(), "--synthetic", "3", "--duration", "0.1", "--no-pace", "--json",
                "--transport", t.name());
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void licenceKeyAndStudy_getResults_andASecondRunRegistersNothing(TransportKind t) throws Exception {
        Path tokens = Files.createTempDirectory("dfx-cli").resolve("tokens.json");
        int before = server.registrations(KEY);

        CliTestSupport.Result first = measure(tokens, t, KEY, "S1");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).contains("token file: " + tokens.toAbsolutePath()).contains("registering");
        assertThat(server.registrations(KEY)).isEqualTo(before + 1);
        String stored = Files.readString(tokens);
        assertThat(stored).contains("\"Token\"");

        CliTestSupport.Result second = measure(tokens, t, KEY, "S1");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("using the stored token pair");
        assertThat(server.registrations(KEY)).as("second run registers nothing").isEqualTo(before + 1);

        String token = stored.substring(stored.indexOf("\"Token\":\"") + 9);
        token = token.substring(0, token.indexOf('"'));
        assertThat(first.out() + first.err() + second.out() + second.err()).doesNotContain(token)
                .doesNotContain(KEY);
    }

    @Test
    void unknownKey_expiredLicence_unknownStudy_sayWhatToDo() throws Exception {
        Path dir = Files.createTempDirectory("dfx-cli");
        CliTestSupport.Result unknown = measure(dir.resolve("a.json"), TransportKind.jetty, "NO-SUCH-KEY", "S1");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("check the key").doesNotContain("NO-SUCH-KEY");
        CliTestSupport.Result expired = measure(dir.resolve("b.json"), TransportKind.jetty, "OLD-KEY", "S1");
        assertThat(expired.err()).contains("licence has expired");
        CliTestSupport.Result study = measure(dir.resolve("c.json"), TransportKind.jetty, KEY, "no-study");
        assertThat(study.exitCode()).isEqualTo(1);
        assertThat(study.err()).contains("unknown study no-study").contains("--study");
    }

    /** The demo runs the whole flow from a licence key against its embedded server. */
    @Test
    void demo_runsFromALicenceKey() {
        CliTestSupport.Result r = CliTestSupport.run("demo", "--chunks", "2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("registering the licence").contains("created measurement");
        assertThat(r.out()).contains("2/2 chunks acked");
    }

    /** A measurement longer than the token's life completes against a server that expires tokens in session. */
    @Test
    void measurementLongerThanTheToken_completes() throws Exception {
        try (FakeDfxServer short1 = FakeDfxServer.builder().license(KEY).studies("S1").tokenTtl(java.time.Duration
                .ofSeconds(2)).expireTokensInSession(true).socket(0).build().start()) {
            Path tokens = Files.createTempDirectory("dfx-cli").resolve("tokens.json");
            CliTestSupport.Result r = CliTestSupport.run("measure", "--url", short1.uri().toString(), "--license-key",
                    KEY, "--study", "S1", "--token-file", tokens.toString(), "--synthetic", "8", "--duration", "1",
                    "--json");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.lastOutLine()).contains("\"chunksAcked\":8");
        }
    }
}
