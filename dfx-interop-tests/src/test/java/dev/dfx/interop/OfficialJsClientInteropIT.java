package dev.dfx.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.server.MeasurementState;
import dev.dfx.testkit.server.RecordedFrame;
import dev.dfx.testkit.socket.WebSocketServerFrontEnd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official JavaScript client, {@code @nuralogix.ai/dfx-api-client} 1.0.73 (PROTOCOL.md's [JS] source), unchanged,
 * against {@link FakeDfxServer} on a real loopback socket (issue 6). Each scenario starts a server behind a
 * {@link WebSocketServerFrontEnd}, runs {@code src/test/js/interop.mjs} in a Node process that drives the client
 * ({@code connect(token)}, {@code sendMessage(actionId, data)}, {@code disconnect()}) through a plan and prints every
 * {@code onmessage(requestId, status, body, actionId)} call, and then checks both sides: what the client observed and
 * the frames the server recorded ({@link FakeDfxServer#receivedFrames()}, {@link FakeDfxServer#sentFrames()}). Every
 * scenario also checks that the client saw exactly the frames the server sent, in order, that the client's frames are
 * BINARY with JS-style request ids (action id + 6 letters, PROTOCOL.md §2.1) and that the client offered {@code json}.
 * A failure names the scenario and shows the whole exchange ({@link Exchange#transcript()}).
 *
 * <p>Setup, once per class: find {@code node} (the test fails with a clear message if there is none), copy
 * {@code package.json}, {@code package-lock.json} and {@code interop.mjs} into {@code target/js-interop/} and run
 * {@code npm ci} there, unless that folder already holds the same lock file's install. Node 22+ has a global
 * {@code WebSocket}; on Node 20.10+/21 the test passes {@code --experimental-websocket}; on older Node (Debian 12 ships
 * 18) the script falls back to the {@code ws} package, which behaves the same for everything checked here.
 *
 * <h2>Quirks of the official client that our server must tolerate</h2>
 * Each was read in the client's {@code lib/index.mjs} (class {@code WS}) and, where the wire shows it, is asserted:
 * <ol>
 *   <li><b>One byte per character, not UTF-8.</b> {@code sendMessage} builds the frame with
 *       {@code Uint8Array.from(JSON.stringify(data), x => x.codePointAt(0))} in a buffer sized by the string's
 *       UTF-16 length: every code point is cut to its low byte, so non-ASCII text arrives as ISO-8859-1 (and a
 *       character beyond U+FFFF leaves a stray trailing {@code 0x00}). The server must fall back to ISO-8859-1 on
 *       invalid UTF-8 (PROTOCOL.md §2.3). Asserted by {@link #nonAsciiText_arrivesAsLatin1AndTheServerDecodesIt}: the
 *       login frame is exactly the ISO-8859-1 bytes of its JSON, and a token and measurement id containing
 *       {@code é} still match. (A Latin-1 string that happens to be valid UTF-8, such as {@code "Ã©"}, would be
 *       misread; no real token or id looks like that.)</li>
 *   <li><b>Responses are decoded one byte per character too</b> ({@code bufferToString} →
 *       {@code String.fromCodePoint(byte)}), then {@code JSON.parse}d: raw UTF-8 from a server would reach the app
 *       as mojibake, and an empty body throws. So the server must send ASCII-only JSON with {@code \\uXXXX}
 *       escapes and never an empty body (PROTOCOL.md §2.2, §2.3). Asserted: every frame the server sends in the
 *       non-ASCII scenario is pure ASCII, and the client sees {@code é} intact.</li>
 *   <li><b>No pings.</b> The client has no keep-alive of its own (the browser WebSocket API cannot ping); it only
 *       answers the server's pings. So liveness is the server's job (PROTOCOL.md §1.4). Asserted: no scenario
 *       sees a client ping; a server that does not ping closes the client as idle
 *       ({@link #clientSendsNoPings_soAServerThatDoesNotPingClosesItAsIdle}); a server that pings keeps it open
 *       past the idle timeout ({@link #clientAnswersServerPings_soTheHeartbeatKeepsItOpen}).</li>
 *   <li><b>{@code disconnect()} sends no close code.</b> It calls {@code socket.close()} with no arguments, so the
 *       close frame is empty and the server sees 1005 (no status), not 1000. Asserted in every scenario that ends
 *       with the client's disconnect.</li>
 *   <li><b>Text frames from the server are ignored.</b> {@code onSocketMessage} handles only {@code ArrayBuffer}
 *       data ({@code binaryType = "arraybuffer"}): a TEXT frame is dropped silently, so the server must answer in
 *       BINARY frames (PROTOCOL.md §2.2). Asserted by {@link #textFrameFromTheServer_isIgnoredByTheClient}.</li>
 *   <li><b>The action of a response comes from its request id</b> ({@code actionId = requestId.slice(0, 4)}), and
 *       the status is handed over as a 3-character string. So results pushed on a subscription's id arrive as
 *       action {@code 0510}, and a server must echo request ids byte-exactly (PROTOCOL.md §2.1). Asserted in the
 *       full measurement.</li>
 *   <li><b>Subscribe's {@code RequestID} is overwritten</b> with the frame's own request id ({@code data.RequestID
 *       = requestId}, mutating the caller's object), so the subscription ack and every result share one id
 *       (PROTOCOL.md §5.1). Asserted in the full measurement.</li>
 *   <li><b>The socket URL loses its last character</b> ({@code getBaseUrl} does {@code .slice(0, -1)}, expecting a
 *       trailing {@code /}): the server must serve its API at the root, {@code ws://host:port/}, which the front
 *       end does. Asserted: every upgrade's path is {@code /}.</li>
 *   <li><b>Login is implicit.</b> {@code connect(token)} sends {@code 0718 {"Token":...}} as soon as the socket
 *       opens, with no header auth, and does not wait for its answer (PROTOCOL.md §1.3 A); the app must wait for the
 *       {@code 0718} message itself. {@code onclose}/{@code onerror} are copied onto the socket inside
 *       {@code connect()}, so they must be set before it.</li>
 * </ol>
 */
class OfficialJsClientInteropIT {
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);
    private static final String TOKEN = "test-token";
    private static final String MEASUREMENT = "3f2c9a70-5b1e-4c8a-9d2e-7a6b1c0d4e5f";
    private static final String UNKNOWN_MEASUREMENT = "00000000-0000-4000-8000-00000000dead";

    private static NodeClient node;

    @BeforeAll
    static void installOfficialClient() throws Exception {
        Path sources = Path.of(System.getProperty("dfx.interop.jsSources", "src/test/js")).toAbsolutePath();
        Path work = Path.of(System.getProperty("dfx.interop.workDir", "target/js-interop")).toAbsolutePath();
        node = NodeClient.install(sources, work);
    }

    // ---- scenarios ----

    @Test
    void fullMeasurement_everyAckAndResultReachesTheClient() throws Exception {
        int chunks = 6; // FIRST, 4 CHUNKs, LAST
        List<Map<String, Object>> plan = new ArrayList<>();
        plan.add(send("0510", subscribe(MEASUREMENT)));
        plan.add(await("0510"));
        for (int i = 0; i < chunks; i++) {
            String stage = i == 0 ? "FIRST" : i == chunks - 1 ? "LAST" : "CHUNK";
            // 0.5 s chunks sent at once: 3 s of data stays within the server's 5 s real-time allowance (§4.3)
            plan.add(send("0506", chunk(MEASUREMENT, stage + "::PROCESS", i, 0.5, payload(i))));
        }
        for (int i = 0; i < chunks; i++) {
            plan.add(await("0506"));
        }
        plan.add(awaitWith("0510", "StatusID"));
        plan.add(disconnect());

        Exchange x = exchange("full measurement", FakeDfxServer.builder().measurements(MEASUREMENT), null, 0,
                TOKEN, plan);

        x.verify(() -> {
            assertCommon(x, 1005);
            List<RecordedFrame> in = x.server.receivedFrames();
            assertThat(in).extracting(f -> f.action().code())
                    .containsExactly("0718", "0510", "0506", "0506", "0506", "0506", "0506", "0506");
            String login = in.get(0).requestId().value();
            String subscription = in.get(1).requestId().value();
            // quirk: the client overwrote RequestID "" with the frame's own id, in the frame and in the caller's data
            assertThat(json(in.get(1))).containsEntry("RequestID", subscription);
            assertThat(x.client.sentData().get(0)).containsEntry("RequestID", subscription);

            List<ClientRun.Message> seen = x.client.messages();
            assertThat(seen).hasSize(2 + 2 * chunks);
            assertMessage(seen.get(0), "0718", login, "200");
            assertThat(seen.get(0).body()).as("0718 reply, §1.3 A revised").isEqualTo(Map.of("Token", TOKEN));
            assertMessage(seen.get(1), "0510", subscription, "200");
            assertThat(seen.get(1).body()).as("subscription ack").isEmpty();
            for (int i = 0; i < chunks; i++) {
                ClientRun.Message ack = seen.get(2 + 2 * i);
                ClientRun.Message result = seen.get(3 + 2 * i);
                assertMessage(ack, "0506", in.get(2 + i).requestId().value(), "200");
                assertThat(ack.body()).as("ack of chunk %d", i)
                        .isEqualTo(Map.of("ID", MEASUREMENT + ":" + i, "ChunkOrder", (long) i));
                // quirk: the action of a result comes from its request id, the subscription's
                assertMessage(result, "0510", subscription, "200");
                assertThat(result.body()).as("result of chunk %d", i)
                        .containsEntry("MeasurementID", MEASUREMENT)
                        .containsEntry("MeasurementDataID", MEASUREMENT + ":" + i)
                        .containsEntry("Multiplier", 10000L)
                        .containsEntry("Error", Map.of("Code", "OK", "Errors", Map.of()))
                        .containsKeys("MeasurementResultID", "Channels");
                assertThat(channels(result)).containsKeys("HR_BPM", "SNR");
                if (i == chunks - 1) {
                    assertThat(result.body()).as("final result").containsEntry("StatusID", "COMPLETE");
                    // §5.3: only the final result carries the later points
                    assertThat(channels(result)).containsKeys("BR_BPM", "MSI", "BP_SYSTOLIC");
                } else {
                    assertThat(result.body()).as("intermediate result %d", i).doesNotContainKey("StatusID");
                }
            }
            for (int i = 0; i < chunks; i++) {
                assertThat(json(in.get(2 + i))).as("chunk %d as the server received it", i)
                        .containsEntry("ChunkOrder", (long) i)
                        .containsEntry("Params", Map.of("ID", MEASUREMENT))
                        .containsEntry("Payload", payload(i));
            }
            MeasurementState m = x.server.measurement(MEASUREMENT).orElseThrow();
            assertThat(m.closed()).as("closed by LAST").isTrue();
            assertThat(m.chunksAccepted()).isEqualTo(chunks);
            assertThat(m.resultsSent()).isEqualTo(chunks);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addDataErrors")
    void addDataError_reachesTheClientWithItsStatusAndCode(AddDataError error) throws Exception {
        List<Map<String, Object>> plan = new ArrayList<>();
        for (Map<String, Object> c : error.chunks()) {
            plan.add(send("0506", c));
            plan.add(await("0506"));
        }
        plan.add(disconnect());

        Exchange x = exchange("AddData " + error.code(), FakeDfxServer.builder().measurements(MEASUREMENT), null, 0,
                TOKEN, plan);

        x.verify(() -> {
            assertCommon(x, 1005);
            List<RecordedFrame> in = x.server.receivedFrames();
            List<ClientRun.Message> seen = x.client.messages();
            int n = error.chunks().size();
            assertThat(in).hasSize(1 + n);
            assertThat(seen).hasSize(1 + n);
            assertMessage(seen.get(0), "0718", in.get(0).requestId().value(), "200");
            for (int i = 0; i < n - 1; i++) {
                ClientRun.Message ack = seen.get(1 + i);
                assertMessage(ack, "0506", in.get(1 + i).requestId().value(), "200");
                assertThat(ack.body()).isEqualTo(Map.of("ID", MEASUREMENT + ":" + i, "ChunkOrder", (long) i));
            }
            ClientRun.Message refused = seen.get(n);
            assertMessage(refused, "0506", in.get(n).requestId().value(), String.valueOf(error.status()));
            assertThat(refused.body()).containsEntry("Code", error.code());
            assertThat(refused.body().get("Message")).asString().isNotBlank();
            if (error.code().equals("UNPACKER_RPC_ERROR")) {
                assertThat(refused.body()).containsKey("Errors");
            }
            // a refused chunk changes nothing on the server
            if (error.chunks().get(n - 1).get("Params").equals(Map.of("ID", MEASUREMENT))) {
                assertThat(x.server.measurement(MEASUREMENT).orElseThrow().chunksAccepted())
                        .as("chunks accepted").isEqualTo(error.acceptedChunks());
            } else {
                assertThat(x.server.measurement(UNKNOWN_MEASUREMENT)).as("unknown measurement").isEmpty();
            }
        });
    }

    static Stream<Arguments> addDataErrors() {
        return Stream.of(
                // §4.3: 61 s of data a moment after the opener is far beyond the 5 s allowance
                error("RATE_LIMIT 429: a chunk far ahead of real time", 429, "RATE_LIMIT", 1,
                        chunk(MEASUREMENT, "FIRST::PROCESS", 0, 1.0, payload(0)),
                        chunk(MEASUREMENT, "CHUNK::PROCESS", 1, 60.0, payload(1))),
                error("MEASUREMENT_CLOSED 400: a chunk after LAST", 400, "MEASUREMENT_CLOSED", 2,
                        chunk(MEASUREMENT, "FIRST::PROCESS", 0, 1.0, payload(0)),
                        chunk(MEASUREMENT, "LAST::PROCESS", 1, 1.0, payload(1)),
                        chunk(MEASUREMENT, "CHUNK::PROCESS", 2, 1.0, payload(2))),
                error("MISALIGNED_CHUNK 400: ChunkOrder 2 after 0", 400, "MISALIGNED_CHUNK", 1,
                        chunk(MEASUREMENT, "FIRST::PROCESS", 0, 1.0, payload(0)),
                        chunk(MEASUREMENT, "CHUNK::PROCESS", 2, 1.0, payload(2))),
                error("INVALID_MEASUREMENT 404: an unknown measurement id", 404, "INVALID_MEASUREMENT", 0,
                        chunk(UNKNOWN_MEASUREMENT, "FIRST::PROCESS", 0, 1.0, payload(0))),
                error("UNPACKER_RPC_ERROR 400: an empty payload", 400, "UNPACKER_RPC_ERROR", 0,
                        chunk(MEASUREMENT, "FIRST::PROCESS", 0, 1.0, "")));
    }

    @Test
    void badToken_isRefusedWith401InvalidTokenOnTheLogin() throws Exception {
        List<Map<String, Object>> plan = List.of(send("0510", subscribe(MEASUREMENT)), await("0510"), disconnect());

        Exchange x = exchange("bad token", FakeDfxServer.builder().measurements(MEASUREMENT), null, 0,
                "not-a-valid-token", plan);

        x.verify(() -> {
            assertCommon(x, 1005);
            List<RecordedFrame> in = x.server.receivedFrames();
            List<ClientRun.Message> seen = x.client.messages();
            assertThat(seen).hasSize(2);
            assertMessage(seen.get(0), "0718", in.get(0).requestId().value(), "401");
            assertThat(seen.get(0).body()).containsEntry("Code", "INVALID_TOKEN").containsKey("Message");
            // PROTOCOL.md §1.3 A [FAKE]: the socket stays open and later requests get 401 too
            assertMessage(seen.get(1), "0510", in.get(1).requestId().value(), "401");
            assertThat(seen.get(1).body()).containsEntry("Code", "UNAUTHORIZED");
        });
    }

    @Test
    void subscribeToUnknownMeasurement_isRefusedWith404InvalidMeasurement() throws Exception {
        List<Map<String, Object>> plan = List.of(send("0510", subscribe(UNKNOWN_MEASUREMENT)), await("0510"),
                disconnect());

        Exchange x = exchange("results subscription for an unknown measurement",
                FakeDfxServer.builder().measurements(MEASUREMENT), null, 0, TOKEN, plan);

        x.verify(() -> {
            assertCommon(x, 1005);
            List<RecordedFrame> in = x.server.receivedFrames();
            List<ClientRun.Message> seen = x.client.messages();
            String subscription = in.get(1).requestId().value();
            assertThat(json(in.get(1))).containsEntry("RequestID", subscription)
                    .containsEntry("Params", Map.of("ID", UNKNOWN_MEASUREMENT));
            assertThat(seen).hasSize(2);
            assertMessage(seen.get(0), "0718", in.get(0).requestId().value(), "200");
            assertMessage(seen.get(1), "0510", subscription, "404");
            assertThat(seen.get(1).body()).containsEntry("Code", "INVALID_MEASUREMENT").containsKey("Message");
        });
    }

    @Test
    void nonAsciiText_arrivesAsLatin1AndTheServerDecodesIt() throws Exception {
        String token = "jeton-\u00e9t\u00e9";
        String measurement = "mesur\u00e9-1";
        List<Map<String, Object>> plan = List.of(
                send("0510", subscribe(measurement)), await("0510"),
                // a single-chunk measurement is LAST alone (PROTOCOL.md §4.2)
                send("0506", chunk(measurement, "LAST::PROCESS", 0, 1.0, payload(0))), await("0506"),
                awaitWith("0510", "StatusID"), disconnect());

        Exchange x = exchange("non-ASCII token and measurement id",
                FakeDfxServer.builder().tokens(token).measurements(measurement), null, 0, token, plan);

        x.verify(() -> {
            assertCommon(x, 1005);
            List<RecordedFrame> in = x.server.receivedFrames();
            RecordedFrame login = in.get(0);
            String loginJson = "{\"Token\":\"" + token + "\"}";
            byte[] latin1 = ("0718" + login.requestId().value() + loginJson).getBytes(StandardCharsets.ISO_8859_1);
            assertThat(login.bytes()).as("the login frame: one byte per character, ISO-8859-1, not UTF-8")
                    .isEqualTo(latin1);
            assertThat(new String(in.get(2).bytes(), StandardCharsets.ISO_8859_1))
                    .contains("\"ID\":\"" + measurement + "\"");
            List<ClientRun.Message> seen = x.client.messages();
            assertThat(seen).hasSize(4);
            assertMessage(seen.get(0), "0718", login.requestId().value(), "200");
            assertMessage(seen.get(1), "0510", in.get(1).requestId().value(), "200");
            assertMessage(seen.get(2), "0506", in.get(2).requestId().value(), "200");
            assertThat(seen.get(2).body()).isEqualTo(Map.of("ID", measurement + ":0", "ChunkOrder", 0L));
            assertThat(seen.get(3).body()).containsEntry("MeasurementID", measurement)
                    .containsEntry("MeasurementDataID", measurement + ":0").containsEntry("StatusID", "COMPLETE");
            for (RecordedFrame sent : x.server.sentFrames()) {
                assertThat(StandardCharsets.US_ASCII.newEncoder().canEncode(new String(sent.bytes(),
                        StandardCharsets.ISO_8859_1))).as("server frame %s is ASCII only", sent).isTrue();
            }
            MeasurementState m = x.server.measurement(measurement).orElseThrow();
            assertThat(m.closed()).isTrue();
            assertThat(m.chunksAccepted()).isEqualTo(1);
        });
    }

    @Test
    void textFrameFromTheServer_isIgnoredByTheClient() throws Exception {
        // a well-formed response, but in a TEXT frame: a client that read it would report action 0100
        String text = "0100TxtFrm200{\"Text\":true}";
        List<Map<String, Object>> plan = List.of(send("0510", subscribe(MEASUREMENT)), await("0510"), disconnect());

        Exchange x = exchange("text frame from the server", FakeDfxServer.builder().measurements(MEASUREMENT), text,
                0, TOKEN, plan);

        x.verify(() -> {
            assertCommon(x, 1005);
            assertThat(x.acceptor.connections().get(0).textSent).hasValue(1);
            // the text frame went out before the 0718 answer, on the same ordered socket
            assertThat(x.client.messages()).extracting(ClientRun.Message::actionId).containsExactly("0718", "0510");
            assertThat(x.client.messages()).extracting(ClientRun.Message::requestId).doesNotContain("0100TxtFrm");
        });
    }

    @Test
    void clientSendsNoPings_soAServerThatDoesNotPingClosesItAsIdle() throws Exception {
        List<Map<String, Object>> plan = List.of(awaitClose());

        Exchange x = exchange("idle client, server without pings", FakeDfxServer.builder()
                .pingInterval(Duration.ZERO).idleTimeout(Duration.ofMillis(500)), null, 0, TOKEN, plan);

        x.verify(() -> {
            assertCommon(x, 1001);
            assertThat(x.client.close()).as("close seen by the client").isPresent().get()
                    .satisfies(c -> assertThat(c).containsEntry("code", 1001L));
        });
    }

    @Test
    void clientAnswersServerPings_soTheHeartbeatKeepsItOpen() throws Exception {
        int pongs = 20; // 20 pings 100 ms apart: the connection outlives the 1.5 s idle timeout
        List<Map<String, Object>> plan = List.of(await("0100"), disconnect());

        Exchange x = exchange("server pings, client pongs", FakeDfxServer.builder()
                .pingInterval(Duration.ofMillis(100)).idleTimeout(Duration.ofMillis(1500)), null, pongs, TOKEN, plan);

        x.verify(() -> {
            assertCommon(x, 1005);
            ObservingAcceptor.Observed c = x.acceptor.connections().get(0);
            assertThat(c.pongs.get()).isGreaterThanOrEqualTo(pongs);
            assertThat(c.signalsSent).hasValue(1);
            assertThat(x.client.messages()).filteredOn(m -> m.requestId().equals(ObservingAcceptor.PONG_SIGNAL_ID))
                    .singleElement().satisfies(m -> assertThat(m.body()).containsEntry("Pongs", (long) pongs));
        });
    }

    // ---- the harness ----

    /**
     * Starts the server on a loopback socket, runs the client through {@code plan}, and returns both sides' records
     * once the client has ended and (if it was open) the server has seen the connection close.
     */
    private static Exchange exchange(String scenario, FakeDfxServer.Builder config, String textOnOpen,
                                     int signalAfterPongs, String token, List<Map<String, Object>> plan)
            throws Exception {
        try (FakeDfxServer server = config.build().start()) {
            ObservingAcceptor acceptor = new ObservingAcceptor(server, textOnOpen, signalAfterPongs);
            ClientRun run;
            try (WebSocketServerFrontEnd front = WebSocketServerFrontEnd.start(acceptor)) {
                run = node.run(front.uri(), token, plan, CLIENT_TIMEOUT);
                for (ObservingAcceptor.Observed c : acceptor.connections()) {
                    try {
                        c.closeCode.get(5, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        // reported by assertCommon, with the transcript
                    }
                }
            }
            return new Exchange(scenario, server, acceptor, run, node.describe());
        }
    }

    /** What every scenario must show, whatever it exercises. */
    private static void assertCommon(Exchange x, int closeCodeAtServer) throws Exception {
        assertThat(x.client.completed()).as("the client ran its whole plan and exited 0").isTrue();
        assertThat(x.acceptor.connections()).as("connections").hasSize(1);
        ObservingAcceptor.Observed c = x.acceptor.connections().get(0);
        assertThat(c.handshake.subprotocols()).as("offered subprotocols").containsExactly("json");
        assertThat(c.handshake.path()).as("upgrade path").isEqualTo("/");
        assertThat(c.pings).as("pings from the client").hasValue(0);
        assertThat(c.textReceived).as("text frames from the client").hasValue(0);
        assertThat(c.closeCode.get(5, TimeUnit.SECONDS)).as("close code at the server").isEqualTo(closeCodeAtServer);

        for (RecordedFrame f : x.server.receivedFrames()) {
            assertThat(f.opcode()).as("opcode of %s", f).isEqualTo(RecordedFrame.Opcode.BINARY);
            assertThat(f.requestId()).as("request id of %s", f).isNotNull();
            assertThat(f.requestId().value()).as("JS-style request id").matches("\\d{4}[A-Za-z]{6}")
                    .startsWith(f.action().code());
        }
        // the client saw exactly what the server sent, in order (frames our acceptor sent itself aside)
        List<ClientRun.Message> seen = x.client.messages().stream()
                .filter(m -> !m.requestId().equals(ObservingAcceptor.PONG_SIGNAL_ID)).toList();
        List<RecordedFrame> sent = x.server.sentFrames();
        assertThat(seen).as("messages seen by the client vs frames sent by the server").hasSameSizeAs(sent);
        for (int i = 0; i < sent.size(); i++) {
            RecordedFrame f = sent.get(i);
            ClientRun.Message m = seen.get(i);
            assertThat(m.requestId()).as("request id of message %d", i).isEqualTo(f.requestId().value());
            assertThat(m.status()).as("status of message %d", i).isEqualTo(String.valueOf(f.status()));
            assertThat(m.body()).as("body of message %d", i).isEqualTo(json(f));
        }
    }

    private static void assertMessage(ClientRun.Message m, String actionId, String requestId, String status) {
        assertThat(m.actionId()).as("action id of %s", m).isEqualTo(actionId);
        assertThat(m.requestId()).as("request id of %s", m).isEqualTo(requestId);
        assertThat(m.status()).as("status of %s", m).isEqualTo(status);
    }

    private static Map<String, Object> json(RecordedFrame f) {
        return NodeClient.parse(f.bodyText());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> channels(ClientRun.Message m) {
        return (Map<String, Object>) m.body().get("Channels");
    }

    // ---- plans ----

    private static Map<String, Object> send(String actionId, Map<String, Object> data) {
        return Map.of("send", actionId, "data", data);
    }

    private static Map<String, Object> await(String actionId) {
        return Map.of("await", actionId, "timeoutMs", 10_000);
    }

    private static Map<String, Object> awaitWith(String actionId, String bodyKey) {
        return Map.of("await", actionId, "bodyKey", bodyKey, "timeoutMs", 10_000);
    }

    private static Map<String, Object> awaitClose() {
        return Map.of("awaitClose", true, "timeoutMs", 10_000);
    }

    private static Map<String, Object> disconnect() {
        return Map.of("disconnect", true);
    }

    /** The body the official apps pass: {@code RequestID ""}, which the client overwrites (PROTOCOL.md §5.1). */
    private static Map<String, Object> subscribe(String measurementId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Params", Map.of("ID", measurementId));
        body.put("RequestID", "");
        return body;
    }

    private static Map<String, Object> chunk(String measurementId, String action, int order, double seconds,
                                             String payload) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Params", Map.of("ID", measurementId));
        body.put("Action", action);
        body.put("ChunkOrder", order);
        body.put("StartTime", order * seconds);
        body.put("EndTime", (order + 1) * seconds);
        body.put("Duration", seconds);
        body.put("Meta", Base64.getEncoder().encodeToString("{\"frames\":1}".getBytes(StandardCharsets.US_ASCII)));
        body.put("Payload", payload);
        return body;
    }

    private static String payload(int order) {
        byte[] bytes = new byte[48];
        Arrays.fill(bytes, (byte) (order + 1));
        return Base64.getEncoder().encodeToString(bytes);
    }

    @SafeVarargs
    private static Arguments error(String name, int status, String code, int acceptedChunks,
                                   Map<String, Object>... chunks) {
        return Arguments.of(Named.of(name, new AddDataError(List.of(chunks), status, code, acceptedChunks)));
    }

    /**
     * An AddData error scenario: the chunks to send (the last one is refused), and what the refusal must be.
     *
     * @param chunks the 0506 bodies, in order
     * @param status the refusal's status
     * @param code the refusal's {@code Code}
     * @param acceptedChunks chunks the server holds afterwards
     */
    record AddDataError(List<Map<String, Object>> chunks, int status, String code, int acceptedChunks) {
    }
}
