package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code dfx serve} as its own JVM process and {@code dfx measure} in this one: a measurement completes over each
 * transport, and SIGTERM stops the server cleanly (issue 5).
 */
class ServeProcessIT {

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void serveInAnotherProcess_measureCompletes_sigtermStopsIt(TransportKind transport) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("dfx-serve", ".log");
        Process serve = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--token", "proc-token", "--measurement", "M-proc-" + transport)
                .redirectError(log.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(),
                    StandardCharsets.UTF_8));
            String url = out.readLine();
            assertThat(url).as("first stdout line of dfx serve").matches("ws://127\\.0\\.0\\.1:\\d+/?");
            CliTestSupport.Result r = CliTestSupport.run("measure", "--url", url, "--token", "proc-token",
                    "--measurement", "M-proc-" + transport, "--synthetic", "3", "--duration", "1", "--json",
                    "--transport", transport.name(), "--timeout", "60");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.lastOutLine()).contains("\"ok\":true").contains("\"chunksAcked\":3");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(String.join("\n", lines)).contains("known measurements: [M-proc-" + transport + "]");
        assertThat(String.join("\n", lines)).contains("fake DFX server stopped");
        assertThat(String.join("\n", lines)).contains("recording the newest 1000 frames each way, without their bytes");
        assertThat(String.join("\n", lines)).containsPattern("connection");
        new File(log.toString()).delete();
    }
}
