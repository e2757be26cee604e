package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.testkit.server.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Bad {@code dfx serve} options end with a one-line usage error and exit code 2 (issue 11); the server's recording
 * is bounded by default (issue 14: a long load run filled a 2 GiB heap with recorded frames).
 */
class ServeArgumentsTest {

    @ParameterizedTest
    @CsvSource({"--token-ttl,0", "--token-ttl,-5", "--license-key,' '", "--study,' '", "--record-frames,-1"})
    void badServeOption_exitsWithCode2NamingIt(String option, String value) {
        CliTestSupport.Result r = CliTestSupport.run("serve", option, value);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("dfx: ").contains(option);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void recording_isBoundedAndWithoutBytesByDefault() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs();

        assertThat(serve.recording()).isEqualTo(Recording.metadataOnly(1000));
        assertThat(serve.recording().unbounded()).isFalse();
    }

    @Test
    void recording_followsItsFlags() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--record-frames", "50", "--record-payloads");

        assertThat(serve.recording()).isEqualTo(Recording.lastFrames(50));
    }
}
