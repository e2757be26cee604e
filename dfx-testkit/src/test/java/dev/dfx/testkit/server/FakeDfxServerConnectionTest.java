package dev.dfx.testkit.server;

import static dev.dfx.testkit.server.Fixture.M;
import static dev.dfx.testkit.server.Fixture.body;
import static dev.dfx.testkit.server.Fixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.ActionId;
import dev.dfx.core.frame.ResponseFrame;
import dev.dfx.testkit.wire.HandshakeDecision;
import dev.dfx.testkit.wire.HandshakeRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Handshake, authentication and frame rules (PROTOCOL.md §1.2, §1.3, §2, §8 Q1, Q2, Q12-Q14). */
class FakeDfxServerConnectionTest {
    private final Fixture fx = new Fixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void handshakeOfferingJson_isAcceptedWithJson() {
        HandshakeDecision d = fx.server.handshake(Fixture.upgrade(List.of("protobuf", "json"), Map.of()));

        assertThat(d.kind()).isEqualTo(HandshakeDecision.Kind.ACCEPT);
        assertThat(d.subprotocol()).isEqualTo("json");
    }

    @Test
    void handshakeWithoutJson_isRejectedWith400() {
        HandshakeDecision none = fx.server.handshake(Fixture.upgrade(List.of(), Map.of()));
        HandshakeDecision other = fx.server.handshake(Fixture.upgrade(List.of("protobuf"), Map.of()));

        assertThat(none).isEqualTo(HandshakeDecision.reject(400));
        assertThat(other).isEqualTo(HandshakeDecision.reject(400));
    }

    @Test
    void login_withValidToken_answers200WithTheTokenOnTheFrameId() {
        Fixture.Client c = fx.connect();

        ResponseFrame r = c.call("0718", "0718mKqTzB", "{\"Token\":\"test-token\"}");

        assertThat(r.requestId().value()).isEqualTo("0718mKqTzB");
        assertThat(r.status()).isEqualTo(200);
        assertThat(Fixture.text(r)).isEqualTo("{\"Token\":\"test-token\"}");
        assertThat(c.call("0100", "{}").status()).isEqualTo(200);
    }

    @Test
    void login_withBadToken_answers401InvalidTokenAndKeepsSocketOpenButUnauthenticated() {
        Fixture.Client c = fx.connect();

        ResponseFrame r = c.call("0718", "{\"Token\":\"wrong\"}");
        ResponseFrame later = c.call("0100", "{}");

        assertThat(r.status()).isEqualTo(401);
        assertThat(body(r).get("Code")).isEqualTo("INVALID_TOKEN");
        assertThat((String) body(r).get("Message")).isNotBlank().doesNotContain("wrong");
        assertThat(c.peer.closeCode).isNull();
        assertThat(c.peer.aborted).isFalse();
        assertThat(later.status()).isEqualTo(401);
        assertThat(body(later).get("Code")).isEqualTo("UNAUTHORIZED");
        assertThat(c.call("0718", "{\"Token\":\"test-token\"}").status()).isEqualTo(200);
        assertThat(c.call("0100", "{}").status()).isEqualTo(200);
    }

    @Test
    void requestsBeforeLogin_answer401UnauthorizedEach() {
        Fixture.Client c = fx.connect();

        ResponseFrame sub = c.call("0510", subscribe(M, ""));
        ResponseFrame add = c.call("0506", Fixture.chunk("FIRST::PROCESS", 0));

        assertThat(sub.status()).isEqualTo(401);
        assertThat(body(sub).get("Code")).isEqualTo("UNAUTHORIZED");
        assertThat(add.status()).isEqualTo(401);
        assertThat(fx.server.measurement(M).orElseThrow().chunksAccepted()).isZero();
    }

    @Test
    void bearerHeader_withValidToken_authenticatesWithout0718_andLoginStaysHarmless() {
        Fixture.Client c = fx.connect(Fixture.upgrade(List.of("json"),
                Map.of("authorization", List.of("Bearer test-token"))));

        ResponseFrame status = c.call("0100", "{}");
        ResponseFrame login = c.call("0718", "{\"Token\":\"test-token\"}");

        assertThat(status.status()).isEqualTo(200);
        assertThat(login.status()).isEqualTo(200);
        assertThat(c.call("0510", subscribe(M, "")).status()).isEqualTo(200);
    }

    @Test
    void bearerHeader_withInvalidToken_leavesConnectionUnauthenticated() {
        Fixture.Client c = fx.connect(Fixture.upgrade(List.of("json"),
                Map.of("authorization", List.of("Bearer nope"))));

        ResponseFrame r = c.call("0100", "{}");

        assertThat(r.status()).isEqualTo(401);
        assertThat(body(r).get("Code")).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void customTokens_replaceTheDefault() {
        try (Fixture custom = new Fixture(b -> b.tokens("a-token", "b-token"))) {
            Fixture.Client c = custom.connect();

            assertThat(c.call("0718", "{\"Token\":\"test-token\"}").status()).isEqualTo(401);
            assertThat(c.call("0718", "{\"Token\":\"b-token\"}").status()).isEqualTo(200);
        }
    }

    @Test
    void frameShorterThan14Bytes_closesWith1002() {
        Fixture.Client c = fx.loggedIn();

        c.conn.onBinary(ByteBuffer.wrap("0100abc".getBytes(StandardCharsets.US_ASCII)));

        assertThat(c.peer.closeCode).isEqualTo(1002);
        assertThat(c.nothingMore()).isTrue();
    }

    @Test
    void frameWithNonDigitActionId_closesWith1002() {
        Fixture.Client c = fx.loggedIn();

        c.conn.onBinary(ByteBuffer.wrap("01x0abcdefghij{}".getBytes(StandardCharsets.US_ASCII)));

        assertThat(c.peer.closeCode).isEqualTo(1002);
        assertThat(fx.server.receivedFrames()).last().satisfies(f -> {
            assertThat(f.action()).isNull();
            assertThat(f.requestId()).isNull();
        });
    }

    @Test
    void framesAfterServerClose_areRecordedButNotAnswered() {
        Fixture.Client c = fx.loggedIn();
        c.conn.onBinary(ByteBuffer.wrap(new byte[3]));

        c.send("0100", "0100after1", "{}");

        assertThat(c.nothingMore()).isTrue();
        assertThat(fx.server.receivedFrames()).hasSize(3);
    }

    @Test
    void badJson_answers400InvalidRequestEchoingTheId() {
        Fixture.Client c = fx.loggedIn();

        ResponseFrame r = c.call("0506", "0506AbCdEf", "{\"Params\":");
        ResponseFrame empty = c.call("0100", "0100empty1", "");
        ResponseFrame array = c.call("0100", "0100array1", "[1,2]");

        assertThat(r.requestId().value()).isEqualTo("0506AbCdEf");
        assertThat(r.status()).isEqualTo(400);
        assertThat(body(r).get("Code")).isEqualTo("INVALID_REQUEST");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(array.status()).isEqualTo(400);
        assertThat(c.peer.closeCode).isNull();
    }

    @Test
    void unknownActionId_answers400IncorrectRequest() {
        Fixture.Client c = fx.loggedIn();

        ResponseFrame r = c.call("9999", "9999abcdef", "{}");

        assertThat(r.requestId().value()).isEqualTo("9999abcdef");
        assertThat(r.status()).isEqualTo(400);
        assertThat(body(r).get("Code")).isEqualTo("INCORRECT_REQUEST");
        assertThat((String) body(r).get("Message")).startsWith("Invalid Route Number");
    }

    @Test
    void listedButUnservedActionId_answers400IncorrectRequest() {
        Fixture.Client c = fx.loggedIn();

        assertThat(body(c.call("0800", "{}")).get("Code")).isEqualTo("INCORRECT_REQUEST");
        assertThat(c.call("1100", "{}").status()).isEqualTo(400);
    }

    @Test
    void generalStatus_answersActiveWithVersionAndRegion() {
        Fixture.Client c = fx.loggedIn();

        Map<?, ?> b = body(c.call("0100", "{}"));

        assertThat(b.get("StatusID")).isEqualTo("ACTIVE");
        assertThat(b.get("Version")).isEqualTo("fake-dfx-1");
        assertThat(b.get("Region")).isEqualTo("fake-local");
        assertThat(b.get("AllowAnonymous")).isEqualTo(false);
    }

    @Test
    void measurementsCreate_returnsANewIdThatBecomesKnown() {
        Fixture.Client c = fx.loggedIn();

        ResponseFrame r = c.call("0504", "{\"StudyID\":\"s\",\"Resolution\":0}");
        String id = (String) body(r).get("ID");

        assertThat(r.status()).isEqualTo(200);
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(fx.server.measurement(id)).isPresent();
        assertThat(c.call("0510", subscribe(id, "")).status()).isEqualTo(200);
        assertThat(c.call("0506", Fixture.chunk(id, "LAST::IGNORE", 0, 5.0, "AAEC")).status()).isEqualTo(200);
    }

    @Test
    void textFrames_areAcceptedAndAnsweredWithBinaryFrames() {
        Fixture.Client c = fx.connect();

        c.sendText("0718", "kQzXaBcDeF", "{\"Token\": \"test-token\"}");
        ResponseFrame r = c.next();

        assertThat(r.requestId().value()).isEqualTo("kQzXaBcDeF");
        assertThat(r.status()).isEqualTo(200);
        assertThat(c.peer.texts).isEmpty();
        assertThat(fx.server.receivedFrames()).singleElement().satisfies(f -> {
            assertThat(f.opcode()).isEqualTo(RecordedFrame.Opcode.TEXT);
            assertThat(f.action()).isEqualTo(ActionId.ORGANIZATIONS_LOGIN_WITH_TOKEN);
        });
        assertThat(fx.server.sentFrames()).singleElement()
                .satisfies(f -> assertThat(f.opcode()).isEqualTo(RecordedFrame.Opcode.BINARY));
    }

    @Test
    void responses_areAsciiOnly() {
        Fixture.Client c = fx.loggedIn();

        c.call("0506", Fixture.chunk(M, "FIRST::PROCESS", 0, 5.0, "\u00e9\u00e9"));

        for (RecordedFrame f : fx.server.sentFrames()) {
            for (byte b : f.bytes()) {
                assertThat(b & 0xff).isLessThan(0x80);
            }
        }
    }

    @Test
    void recording_capturesEveryFrameBothWaysInOrder() throws Exception {
        Fixture.Client c = fx.loggedIn();
        c.call("0100", "0100status", "{}");

        RecordedFrame first = fx.server.takeFrame(Duration.ofSeconds(1));
        RecordedFrame second = fx.server.takeFrame(Duration.ofSeconds(1));
        RecordedFrame none = fx.server.takeFrame(Duration.ofMillis(20));

        assertThat(first.action()).isEqualTo(ActionId.ORGANIZATIONS_LOGIN_WITH_TOKEN);
        assertThat(first.direction()).isEqualTo(RecordedFrame.Direction.RECEIVED);
        assertThat(first.connectionId()).isEqualTo(1);
        assertThat(first.status()).isEqualTo(-1);
        assertThat(first.at()).isEqualTo(fx.clock.instant());
        assertThat(second.requestId().value()).isEqualTo("0100status");
        assertThat(second.bodyText()).isEqualTo("{}");
        assertThat(second.toString()).doesNotContain("test-token");
        assertThat(none).isNull();
        assertThat(fx.server.sentFrames()).extracting(RecordedFrame::status).containsExactly(200, 200);
        assertThat(fx.server.sentFrames().get(1).action()).isEqualTo(ActionId.GENERAL_STATUS);
        assertThat(fx.server.takeSentFrame(Duration.ofSeconds(1)).requestId().value()).isEqualTo("0718loginA");
        assertThat(fx.server.receivedFrames()).hasSize(2);
        assertThat(fx.server.connectionCount()).isEqualTo(1);
        assertThat(fx.server.openConnectionCount()).isEqualTo(1);
    }

    @Test
    void connectionCounts_followAcceptsAndCloses() {
        Fixture.Client a = fx.connect();
        fx.connect();

        a.conn.onClosed(1000, "");

        assertThat(fx.server.connectionCount()).isEqualTo(2);
        assertThat(fx.server.openConnectionCount()).isEqualTo(1);
    }

    @Test
    void upgradeRequest_toStringHidesHeaderValues() {
        HandshakeRequest r = Fixture.upgrade(List.of("json"), Map.of("authorization", List.of("Bearer secret")));

        assertThat(r.toString()).doesNotContain("secret");
    }
}
