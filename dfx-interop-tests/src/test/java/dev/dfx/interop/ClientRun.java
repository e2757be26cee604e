package dev.dfx.interop;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run of {@code interop.mjs} printed: its JSON-line events, in order, plus the raw output for failure
 * messages.
 *
 * @param exitCode the Node process's exit code, -1 if it was killed for taking too long
 * @param events every line of stdout, parsed
 * @param stdout stdout as printed
 * @param stderr stderr as printed
 * @param planJson the plan the script was given
 */
record ClientRun(int exitCode, List<Map<String, Object>> events, String stdout, String stderr, String planJson) {

    /**
     * One {@code onmessage(requestId, status, body, actionId)} call of the official client.
     *
     * @param requestId the first 10 bytes of the frame, as the client decoded them
     * @param status the 3-digit status, a string as the client hands it over
     * @param actionId what the client derived: the first 4 characters of the request id
     * @param body the parsed body
     */
    record Message(String requestId, String status, String actionId, Map<String, Object> body) {
        @Override
        public String toString() {
            return actionId + " " + requestId + " " + status + " " + body;
        }
    }

    ClientRun {
        events = List.copyOf(events);
    }

    /** @return every message the client delivered to {@code onmessage}, in order */
    @SuppressWarnings("unchecked")
    List<Message> messages() {
        return events.stream().filter(e -> "message".equals(e.get("event")))
                .map(e -> new Message((String) e.get("requestId"), (String) e.get("status"),
                        (String) e.get("actionId"), (Map<String, Object>) e.get("body")))
                .toList();
    }

    /** @return the {@code data} of every {@code sendMessage}, as the client left it (it may change it) */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> sentData() {
        return events.stream().filter(e -> "sent".equals(e.get("event")))
                .map(e -> (Map<String, Object>) e.get("data")).toList();
    }

    /** @return the close event the client saw, if any */
    Optional<Map<String, Object>> close() {
        return events.stream().filter(e -> "close".equals(e.get("event"))).findFirst();
    }

    /** @return true if the script ran its whole plan and exited 0 */
    boolean completed() {
        return exitCode == 0 && events.stream().anyMatch(e -> "done".equals(e.get("event"))
                && Boolean.TRUE.equals(e.get("ok")));
    }

    /** @return {@code "global"} (Node's own WebSocket) or {@code "ws"} (the npm stand-in) */
    String websocketImplementation() {
        return events.stream().filter(e -> "start".equals(e.get("event")))
                .map(e -> Objects.toString(e.get("websocket"))).findFirst().orElse("?");
    }
}
