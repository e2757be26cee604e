package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Issue 15: progress counts stay within the chunk count; a terminal gets one live line, a pipe plain lines. */
class ProgressTest {
    private static final Pattern COUNT = Pattern.compile("chunk (\\d+)/(\\d+)");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void resentChunks_areShownAsResent_andNeverCountPastTheTotal() {
        Progress p = new Progress(out, 3, false);
        p.sent(0);
        p.acked(0);
        p.sent(1);
        p.sent(1); // RATE_LIMIT, or a resume: the same chunk again
        p.sent(1);
        p.acked(1);
        p.sent(2);
        p.acked(2);
        p.acked(2); // an "assumed" ack after a resume repeats the chunk
        assertThat(text()).contains("chunk 2/3 resent").contains("chunk 3/3 sent").contains("chunk 3/3 acked");
        Matcher m = COUNT.matcher(text());
        int lines = 0;
        while (m.find()) {
            lines++;
            assertThat(Integer.parseInt(m.group(1))).as(m.group()).isBetween(1, 3);
            assertThat(m.group(2)).isEqualTo("3");
        }
        assertThat(lines).isEqualTo(9);
        assertThat(p.ackedCount()).isEqualTo(3);
    }

    @Test
    void unknownChunkOrder_takesTheNextUnsentChunk_withinBounds() {
        Progress p = new Progress(out, 2, false);
        p.sent(-1);
        p.sent(-1);
        p.sent(-1);
        assertThat(text()).contains("chunk 1/2 sent").contains("chunk 2/2 sent").contains("chunk 2/2 resent")
                .doesNotContain("chunk 3/2");
    }

    @Test
    void plainMode_printsOneLinePerEvent_withoutCarriageReturns() {
        Progress p = new Progress(out, 2, false);
        p.sent(0);
        p.acked(0);
        p.result("0", null);
        p.note("reconnecting: attempt 1 in 100 ms");
        p.finish();
        assertThat(text()).doesNotContain("\r").doesNotContain("\033");
        assertThat(text().lines()).containsExactly("chunk 1/2 sent", "chunk 1/2 acked (ChunkOrder 0)",
                "result 1 received (chunk 0)", "reconnecting: attempt 1 in 100 ms");
    }

    @Test
    void liveMode_redrawsOneLine_notesGoAboveIt_finishEndsIt() {
        Progress p = new Progress(out, 4, true);
        p.note("connected"); // before any chunk event: a plain line, no empty bar yet
        assertThat(text()).isEqualTo("connected\n");
        bytes.reset();
        p.sent(0);
        p.acked(0);
        p.sent(1);
        assertThat(text()).doesNotContain("\n").contains("\r\033[K");
        p.note("reconnecting: attempt 1 in 100 ms");
        p.acked(1);
        p.result("1", "COMPLETE");
        p.finish();
        String[] lines = text().split("\n", -1);
        // the note on its own line, then the live line in its last state, then nothing
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).endsWith("reconnecting: attempt 1 in 100 ms");
        String last = lines[1].substring(lines[1].lastIndexOf('\r') + 1);
        assertThat(last).isEqualTo("\033[K[############------------] 2/4 acked, 1 results | result 1 received "
                + "(chunk 1, final: COMPLETE)");
        assertThat(lines[2]).isEmpty();
    }
}
