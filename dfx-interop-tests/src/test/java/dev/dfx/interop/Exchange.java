package dev.dfx.interop;

import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.server.RecordedFrame;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One scenario's run: the official client's output and the fake server's records of the same conversation. Its
 * {@link #verify} turns any assertion failure into one that names the scenario and shows the frames exchanged (both
 * directions, with action, request id, status and a short body), the connections, and the Node output.
 */
final class Exchange {
    private static final int BODY_CHARS = 160;

    final String scenario;
    final FakeDfxServer server;
    final ObservingAcceptor acceptor;
    final ClientRun client;
    private final String clientDescription;

    Exchange(String scenario, FakeDfxServer server, ObservingAcceptor acceptor, ClientRun client,
             String clientDescription) {
        this.scenario = scenario;
        this.server = server;
        this.acceptor = acceptor;
        this.client = client;
        this.clientDescription = clientDescription;
    }

    /** Checks that may throw {@link AssertionError} (or anything else). */
    @FunctionalInterface
    interface Checks {
        void run() throws Exception;
    }

    /**
     * Runs the checks; a failure is rethrown with the scenario and the whole exchange in its message.
     *
     * @param checks the scenario's assertions
     */
    void verify(Checks checks) {
        try {
            checks.run();
        } catch (AssertionError | Exception e) {
            throw new AssertionError("interop scenario '" + scenario + "' failed: " + e.getMessage() + "\n"
                    + transcript(), e);
        }
    }

    /** @return the frames both ways, the connections and the client's output, for a failure message */
    String transcript() {
        StringBuilder b = new StringBuilder();
        b.append("---- scenario '").append(scenario).append("': ").append(clientDescription)
                .append(", WebSocket implementation ").append(client.websocketImplementation()).append('\n');
        b.append("---- frames recorded by the fake server (C->S received, S->C sent), in time order:\n");
        List<RecordedFrame> frames = new ArrayList<>(server.receivedFrames());
        frames.addAll(server.sentFrames());
        frames.sort(Comparator.comparing(RecordedFrame::at));
        int n = 0;
        for (RecordedFrame f : frames) {
            b.append(String.format("%3d %s conn%d %-6s %s %s %s %s%n", ++n,
                    f.direction() == RecordedFrame.Direction.RECEIVED ? "C->S" : "S->C", f.connectionId(),
                    f.opcode(), f.action() == null ? "----" : f.action().code(),
                    f.requestId() == null ? "??????????" : f.requestId().value(),
                    f.status() < 0 ? "   " : String.valueOf(f.status()), shortBody(f)));
        }
        if (frames.isEmpty()) {
            b.append("    (none)\n");
        }
        b.append("---- connections (seen between the socket front end and the server):\n");
        for (ObservingAcceptor.Observed c : acceptor.connections()) {
            b.append("    ").append(c).append('\n');
        }
        if (acceptor.connections().isEmpty()) {
            b.append("    (none: the client never completed an upgrade)\n");
        }
        b.append("---- client: exit code ").append(client.exitCode())
                .append(client.exitCode() == -1 ? " (killed: took too long)" : "").append(", plan ")
                .append(abbreviate(client.planJson(), 600)).append('\n');
        b.append("---- client stdout (one JSON line per event):\n").append(indent(client.stdout()));
        if (!client.stderr().isBlank()) {
            b.append("---- client stderr:\n").append(indent(NodeClient.tail(client.stderr(), 3000)));
        }
        return b.toString();
    }

    private static String shortBody(RecordedFrame f) {
        ByteBuffer body = f.body();
        String text;
        String note = "";
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(body.duplicate()).toString();
        } catch (CharacterCodingException e) {
            text = StandardCharsets.ISO_8859_1.decode(body.duplicate()).toString();
            note = "  [not UTF-8; shown as ISO-8859-1]";
        }
        return abbreviate(printable(text), BODY_CHARS) + note;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...(" + s.length() + " chars)";
    }

    private static String indent(String text) {
        if (text.isBlank()) {
            return "    (nothing)\n";
        }
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n")) {
            b.append("    ").append(abbreviate(line, 400)).append('\n');
        }
        return b.toString();
    }
}
