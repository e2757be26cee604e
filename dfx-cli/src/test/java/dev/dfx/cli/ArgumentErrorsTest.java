package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad arguments end with a one-line usage error and exit code 2, before anything connects (issue 5). */
class ArgumentErrorsTest {
    private static final String[] BASE = {"measure", "--url", "ws://127.0.0.1:9", "--token", "t", "--measurement",
        "M"};

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of(Named.of("measure without options", new String[] {"measure"}), "--url"),
                Arguments.of(Named.of("no chunk source", BASE), "--chunks"),
                Arguments.of(Named.of("both chunk sources", with("--chunks", "x", "--synthetic", "3")),
                        "mutually exclusive"),
                Arguments.of(Named.of("unknown transport", with("--synthetic", "3", "--transport", "carrier-pigeon")),
                        "--transport"),
                Arguments.of(Named.of("negative duration", with("--synthetic", "3", "--duration", "-1")),
                        "--duration"),
                Arguments.of(Named.of("zero synthetic chunks", with("--synthetic", "0")), "--synthetic"),
                Arguments.of(Named.of("missing folder", with("--chunks", "/no/such/folder")), "--chunks"),
                Arguments.of(Named.of("http url", new String[] {"measure", "--url", "http://127.0.0.1:9", "--token",
                    "t", "--measurement", "M", "--synthetic", "1"}), "--url"),
                Arguments.of(Named.of("url without a scheme (issue 15)", new String[] {"measure", "--url",
                    "127.0.0.1:9000", "--token", "t", "--measurement", "M", "--synthetic", "1"}),
                        "write ws://127.0.0.1:9000"),
                Arguments.of(Named.of("url with a syntax error (issue 15)", new String[] {"measure", "--url",
                    "ws://127.0.0.1:9000/a b", "--token", "t", "--measurement", "M", "--synthetic", "1"}),
                        "write ws://host:port"),
                Arguments.of(Named.of("ws:// to a remote host (issue 15)", new String[] {"measure", "--url",
                    "ws://10.1.2.3:9000", "--token", "t", "--measurement", "M", "--synthetic", "1"}),
                        "--allow-insecure-remote"),
                Arguments.of(Named.of("bench: ws:// to a remote host offers the flag", new String[] {"bench",
                    "--url", "ws://10.1.2.3:9000", "--token", "t", "--streams", "1"}), "--allow-insecure-remote"),
                Arguments.of(Named.of("demo with a zero timeout (issue 15)", new String[] {"demo", "--timeout", "0"}),
                        "--timeout"),
                Arguments.of(Named.of("unknown subcommand", new String[] {"measur"}), "measur"),
                Arguments.of(Named.of("bad serve port", new String[] {"serve", "--port", "70000"}), "--port"));
    }

    private static String[] with(String... more) {
        return Stream.concat(Stream.of(BASE), Stream.of(more)).toArray(String[]::new);
    }

    @ParameterizedTest
    @MethodSource("badArguments")
    void badArguments_exitWithCode2AndAOneLineUsageError(String[] args, String mentioned) {
        CliTestSupport.Result r = CliTestSupport.run(args);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("dfx: ").contains(mentioned).contains("--help");
        assertThat(r.out()).isEmpty();
    }

    /** Issue 15: the ws:// message offers a flag, not a Java builder method; the flag lifts the refusal. */
    @Test
    void insecureRemote_isOfferedAsAFlag_andTheFlagIsAccepted() {
        CliTestSupport.Result r = CliTestSupport.run("measure", "--url", "ws://10.1.2.3:9000", "--token", "t",
                "--measurement", "M", "--synthetic", "1");
        assertThat(r.err()).contains("use wss://10.1.2.3:9000").doesNotContain("allowInsecureRemote(");
        assertThat(MeasureCommand.urlProblem(java.net.URI.create("ws://10.1.2.3:9000"), true)).isNull();
        assertThat(MeasureCommand.urlProblem(java.net.URI.create("ws://127.0.0.1:9000"), false)).isNull();
        assertThat(MeasureCommand.urlProblem(java.net.URI.create("wss://10.1.2.3"), false)).isNull();
    }

    /** Issue 15: serve on a port in use says so and names the fix, instead of a bind error. */
    @Test
    void serveOnAPortInUse_exits1AndNamesTheFix() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            CliTestSupport.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    java.time.Duration.ofSeconds(60), () -> CliTestSupport.run("serve", "--port", String.valueOf(port)));
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("port " + port + " on 127.0.0.1 is in use").contains("--port 0");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void help_exitsWithCode0AndListsTheSubcommands() {
        CliTestSupport.Result r = CliTestSupport.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("demo").contains("measure").contains("serve");
    }

    @Test
    void tokenNeverAppearsInOutput_evenOnFailure() {
        CliTestSupport.Result r = CliTestSupport.run("measure", "--url", "ws://127.0.0.1:9", "--token",
                "super-secret-token-123", "--measurement", "M", "--synthetic", "1", "--json", "--timeout", "5");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out() + r.err()).doesNotContain("super-secret-token-123");
    }
}
