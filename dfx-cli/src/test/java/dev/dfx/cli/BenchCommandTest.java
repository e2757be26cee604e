package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code dfx bench}: bad arguments end with a one-line usage error and exit code 2, before anything connects. */
class BenchCommandTest {
    private static final String[] BASE = {"bench", "--url", "ws://127.0.0.1:9", "--token", "t"};

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of(Named.of("no options", new String[] {"bench"}), "--url"),
                Arguments.of(Named.of("no stream count", BASE), "--streams"),
                Arguments.of(Named.of("zero streams", with("--streams", "0")), "--streams"),
                Arguments.of(Named.of("too many streams", with("--streams", "100001")), "--streams"),
                Arguments.of(Named.of("zero chunks per stream", with("--streams", "1", "--chunks-per-stream", "0")),
                        "--chunks-per-stream"),
                Arguments.of(Named.of("zero chunk bytes", with("--streams", "1", "--chunk-bytes", "0")),
                        "--chunk-bytes"),
                Arguments.of(Named.of("negative duration", with("--streams", "1", "--duration", "-1")), "--duration"),
                Arguments.of(Named.of("negative ramp", with("--streams", "1", "--ramp", "-2")), "--ramp"),
                Arguments.of(Named.of("zero timeout", with("--streams", "1", "--timeout", "0")), "--timeout"),
                Arguments.of(Named.of("unknown transport", with("--streams", "1", "--transport", "smoke")),
                        "--transport"),
                Arguments.of(Named.of("http url", new String[] {"bench", "--url", "http://127.0.0.1:9", "--token", "t",
                    "--streams", "1"}), "--url"),
                Arguments.of(Named.of("url without a scheme (issue 15)", new String[] {"bench", "--url",
                    "127.0.0.1:9", "--token", "t", "--streams", "1"}), "write ws://127.0.0.1:9"),
                Arguments.of(Named.of("blank token", new String[] {"bench", "--url", "ws://127.0.0.1:9", "--token",
                    " ", "--streams", "1"}), "--token"),
                Arguments.of(Named.of("rounds without baseline", with("--streams", "1", "--rounds", "3")), "--rounds"),
                Arguments.of(Named.of("zero rounds", with("--streams", "1", "--baseline", "--rounds", "0")),
                        "--rounds"),
                Arguments.of(Named.of("baseline over wss", new String[] {"bench", "--url", "wss://127.0.0.1:9",
                    "--token", "t", "--streams", "1", "--baseline"}), "--baseline"));
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

    @Test
    void help_listsBenchAmongTheSubcommands() {
        CliTestSupport.Result r = CliTestSupport.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("bench");
    }
}
