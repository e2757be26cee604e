package dev.dfx.cli;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.BitSet;
import java.util.Locale;

/**
 * The progress of one measurement, on stderr. Counts are per chunk and stay within the chunk count: a chunk sent
 * again (after a reconnect, or after a {@code RATE_LIMIT} answer) is shown as resent, never counted twice (issue 15).
 *
 * <p>Two renderings. On a terminal ({@code live}): one line redrawn in place with a carriage return, showing a bar of
 * acked chunks, the counts and the latest event; events that matter after the run (reconnects, chunk errors) are
 * printed as their own lines above it. Otherwise (a pipe, a file, a test): one plain line per event, which scripts
 * and logs can read.
 *
 * <p>Thread-safe: events come from transport I/O threads and from the client's executor.
 */
final class Progress {
    private static final int BAR_WIDTH = 24;

    private final PrintStream out;
    private final int total;
    private final boolean live;
    private final BitSet sent = new BitSet();
    private final BitSet acked = new BitSet();
    private int results;
    private String lastEvent = "";
    private boolean lineShown;

    /**
     * @param out where to print (stderr)
     * @param total the number of chunks in the measurement, 1 or more
     * @param live true to redraw one line in place (a terminal), false for one line per event
     */
    Progress(PrintStream out, int total, boolean live) {
        if (total < 1) {
            throw new IllegalArgumentException("total must be 1 or more, got " + total);
        }
        this.out = out;
        this.total = total;
        this.live = live;
    }

    /**
     * Whether stderr is most likely a terminal: the JVM has a console (stdin and stdout are a terminal) and, on a
     * JDK where {@code Console.isTerminal()} exists (22+; there {@code System.console()} is never null), it says so;
     * and {@code TERM} is not {@code dumb}. {@code DFX_PROGRESS=plain} or {@code =line} decides instead.
     *
     * @return true to draw a live line
     */
    static boolean terminalDetected() {
        String forced = System.getenv("DFX_PROGRESS");
        if ("plain".equalsIgnoreCase(forced)) {
            return false;
        }
        if ("line".equalsIgnoreCase(forced)) {
            return true;
        }
        Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console));
        } catch (NoSuchMethodException e) {
            return true; // before JDK 22, a non-null console means a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** @return true if this progress redraws one line in place */
    boolean live() {
        return live;
    }

    /**
     * A chunk's frame was handed to the socket.
     *
     * @param chunkOrder the chunk's {@code ChunkOrder} (0-based), or -1 if the frame did not say
     */
    synchronized void sent(int chunkOrder) {
        int index = chunkOrder >= 0 && chunkOrder < total ? chunkOrder : Math.min(sent.nextClearBit(0), total - 1);
        boolean again = sent.get(index);
        sent.set(index);
        event(String.format(Locale.ROOT, "chunk %d/%d %s", index + 1, total, again ? "resent" : "sent"));
    }

    /**
     * The server acked a chunk.
     *
     * @param chunkOrder the acked chunk's {@code ChunkOrder} (0-based)
     */
    synchronized void acked(int chunkOrder) {
        int index = Math.max(0, Math.min(chunkOrder, total - 1));
        acked.set(index);
        event(String.format(Locale.ROOT, "chunk %d/%d acked (ChunkOrder %d)", index + 1, total, chunkOrder));
    }

    /**
     * A result arrived.
     *
     * @param chunk the chunk it is for, or {@code "?"}
     * @param finalStatus the final result's status, or null for an intermediate result
     */
    synchronized void result(String chunk, String finalStatus) {
        results++;
        event(String.format(Locale.ROOT, "result %d received (chunk %s%s)", results, chunk,
                finalStatus == null ? "" : ", final: " + finalStatus));
    }

    /** @return the number of distinct chunks acked so far (never more than the chunk count) */
    synchronized int ackedCount() {
        return acked.cardinality();
    }

    /**
     * A line that stays on screen (connected, reconnecting, a chunk error): in live mode it is printed above the
     * progress line, which is then redrawn.
     *
     * @param line the text, without a line break
     */
    synchronized void note(String line) {
        if (live) {
            boolean wasShown = lineShown;
            clearLine();
            out.println(line);
            if (wasShown) {
                redraw();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the live line (a line break after its last state), so that what follows starts on a new line. */
    synchronized void finish() {
        if (live && lineShown) {
            out.println();
            out.flush();
            lineShown = false;
        }
    }

    private void event(String text) {
        lastEvent = text;
        if (live) {
            redraw();
        } else {
            out.println(text);
        }
        out.flush();
    }

    private void clearLine() {
        if (lineShown) {
            out.print("\r\033[K");
            lineShown = false;
        }
    }

    private void redraw() {
        int done = acked.cardinality();
        int filled = (int) ((long) done * BAR_WIDTH / total);
        String bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
        out.print(String.format(Locale.ROOT, "\r\033[K[%s] %d/%d acked, %d results | %s", bar, done, total, results,
                lastEvent));
        lineShown = true;
    }
}
