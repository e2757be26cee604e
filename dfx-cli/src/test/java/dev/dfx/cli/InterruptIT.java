package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.testkit.FakeDfxServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: Ctrl-C (a real SIGINT to a real {@code dfx measure} process) ends the measurement with a clean close
 * (code 1000 at the server, not 1006), a last JSON line saying it was cancelled, and exit code 130.
 */
class InterruptIT {

    @Test
    void sigint_closesWith1000_printsCancelled_exits130() throws Exception {
        assumeFalse(sigintIgnoredHere(), "SIGINT is ignored by this JVM (started in the background without job "
                + "control), so a child would ignore it too; run the build in the foreground");
        BlockingQueue<String> serverLog = new LinkedBlockingQueue<>();
        try (FakeDfxServer server = FakeDfxServer.builder().tokens("int-token").acceptAnyMeasurement(true)
                .onConnection(serverLog::add).socket(0).build().start()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "measure", "--url", server.uri().toString(), "--token", "int-token", "--measurement", "M-int",
                    "--synthetic", "30", "--duration", "1", "--json", "--timeout", "120").start();
            try {
                CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
                BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                        StandardCharsets.UTF_8));
                StringBuilder errText = new StringBuilder();
                // Paced at 1 s per chunk, 30 chunks take 30 s: wait for the second ack, then press Ctrl-C.
                for (String line; (line = err.readLine()) != null; ) {
                    errText.append(line).append('\n');
                    if (line.startsWith("chunk 2/30 acked")) {
                        break;
                    }
                }
                assertThat(errText.toString()).as("progress before SIGINT").contains("chunk 2/30 acked");
                Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).inheritIO().start();
                assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(kill.exitValue()).isZero();
                for (String line; (line = err.readLine()) != null; ) {
                    errText.append(line).append('\n');
                }
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exits after SIGINT").isTrue();
                assertThat(p.exitValue()).as(errText.toString()).isEqualTo(130);

                String stdout = out.get(10, TimeUnit.SECONDS);
                String[] lines = stdout.strip().split("\\R");
                Map<?, ?> j = JacksonBodyCodec.create().decode(ByteBuffer.wrap(lines[lines.length - 1]
                        .getBytes(StandardCharsets.UTF_8)), Map.class);
                assertThat(j.get("status")).isEqualTo("CANCELLED");
                assertThat(j.get("cancelled")).isEqualTo(true);
                assertThat(j.get("ok")).isEqualTo(false);
                assertThat(((Number) j.get("chunksAcked")).intValue()).isBetween(2, 29);
                assertThat((List<?>) j.get("errors")).isEmpty();
                assertThat(errText.toString()).contains("cancelled: the measurement was stopped")
                        .doesNotContain("connection lost");

                String closed = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (closed == null && System.nanoTime() < deadline) {
                    String l = serverLog.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (l != null && l.contains("closed")) {
                        closed = l;
                    }
                }
                assertThat(closed).as("the server saw the close").isNotNull().contains("(code 1000)");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** @return true if this process ignores SIGINT (bit 2 of SigIgn), which a child process would inherit */
    private static boolean sigintIgnoredHere() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0x2L) != 0;
            }
        }
        return false;
    }
}
