package dev.dfx.core.engine;

import static dev.dfx.core.engine.EngineFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.dfx.core.ActionId;
import dev.dfx.core.CloseEvent;
import dev.dfx.core.ConnectionEvent;
import dev.dfx.core.ConnectionState;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.body.LoginRequest;
import dev.dfx.core.error.DfxAuthenticationException;
import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxHandshakeException;
import dev.dfx.core.error.DfxServerException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.frame.RequestFrame;
import dev.dfx.core.port.ConnectSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DfxClientConnectTest {

    @Test
    void build_withoutTransportCodecOrConfig_throwsNpeNamingTheMissingOne() {
        DfxClientConfig cfg = EngineFixture.config().build();
        TestBodyCodec codec = new TestBodyCodec();
        ScriptedTransport transport = new ScriptedTransport();
        assertThatNullPointerException().isThrownBy(() -> DfxClient.builder().codec(codec).config(cfg).build())
                .withMessage("transport");
        assertThatNullPointerException().isThrownBy(() -> DfxClient.builder().transport(transport).config(cfg)
                .build()).withMessage("codec");
        assertThatNullPointerException().isThrownBy(() -> DfxClient.builder().transport(transport).codec(codec)
                .build()).withMessage("config");
    }

    @Test
    void newClient_isInStateNew_andSendMessageFailsWithIllegalState() {
        try (EngineFixture fx = new EngineFixture()) {
            assertThat(fx.client.state()).isEqualTo(ConnectionState.NEW);
            CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            assertThat(failure(f)).isInstanceOf(IllegalStateException.class).hasMessageContaining("connect()");
            assertThat(fx.transport.connections).isEmpty();
        }
    }

    @Test
    void connect_sendsLoginFirst_withUserTokenPreferred_andNothingElseBeforeItsAnswer() {
        DfxClientConfig cfg = EngineFixture.config().userToken("user-token").deviceToken("device-token").build();
        try (EngineFixture fx = new EngineFixture(cfg)) {
            CompletableFuture<Void> connected = fx.client.connect();
            ScriptedConnection c = fx.transport.last();

            assertThat(c.frames()).hasSize(1);
            RequestFrame login = c.frame(0);
            assertThat(login.actionId()).isEqualTo(ActionId.ORGANIZATIONS_LOGIN_WITH_TOKEN);
            assertThat(login.requestId().value()).startsWith("0718").hasSize(10);
            assertThat(fx.body(login, LoginRequest.class).token()).isEqualTo("user-token");
            assertThat(fx.client.state()).isEqualTo(ConnectionState.AUTHENTICATING);
            assertThat(connected).isNotDone();

            CompletableFuture<DfxMessage> early = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            assertThat(failure(early)).isInstanceOf(IllegalStateException.class);
            assertThat(c.frames()).hasSize(1);

            c.respond(login, 200, "{\"Token\":\"whatever\"}");
            assertThat(connected).isCompleted();
            assertThat(fx.client.state()).isEqualTo(ConnectionState.READY);
            assertThat(fx.events).containsExactly(new ConnectionEvent.Connected(cfg.uri()));
        }
    }

    @Test
    void connect_buildsSpecFromConfig_withoutAuthorizationHeaderWhenHeaderAuthIsOff() {
        DfxClientConfig cfg = EngineFixture.config().connectTimeout(Duration.ofSeconds(3)).maxFrameBytes(1234)
                .maxQueuedBytes(5678).build();
        try (EngineFixture fx = new EngineFixture(cfg)) {
            fx.connectReady();
            ConnectSpec spec = fx.transport.specs.get(0);
            assertThat(spec.uri()).isEqualTo(URI.create("ws://127.0.0.1:9/"));
            assertThat(spec.subprotocols()).containsExactly("json");
            assertThat(spec.headers()).doesNotContainKey("Authorization");
            assertThat(spec.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(spec.maxFrameBytes()).isEqualTo(1234);
            assertThat(spec.maxQueuedBytes()).isEqualTo(5678);
        }
    }

    @Test
    void connect_withHeaderAuthAndNoInBandLogin_sendsBearerHeader_andIsReadyWithoutAnyFrame() {
        DfxClientConfig cfg = EngineFixture.config().headerAuth(true).inBandLogin(false).build();
        try (EngineFixture fx = new EngineFixture(cfg)) {
            CompletableFuture<Void> connected = fx.client.connect();
            assertThat(connected).isCompleted();
            assertThat(fx.client.state()).isEqualTo(ConnectionState.READY);
            assertThat(fx.transport.specs.get(0).headers()).containsEntry("Authorization", "Bearer device-token");
            assertThat(fx.transport.last().frames()).isEmpty();
        }
    }

    @Test
    void login401_failsWithAuthenticationException_andClosesTheSocket() {
        try (EngineFixture fx = new EngineFixture()) {
            CompletableFuture<Void> connected = fx.client.connect();
            ScriptedConnection c = fx.transport.last();
            c.respond(c.frame(0), 401, "{\"Code\":\"INVALID_TOKEN\",\"Message\":\"token refused\"}");

            Throwable t = failure(connected);
            assertThat(t).isInstanceOf(DfxAuthenticationException.class);
            DfxAuthenticationException a = (DfxAuthenticationException) t;
            assertThat(a.status()).isEqualTo(401);
            assertThat(a.code()).isEqualTo("INVALID_TOKEN");
            assertThat(a.actionId()).isEqualTo(ActionId.ORGANIZATIONS_LOGIN_WITH_TOKEN);
            assertThat(a.getMessage()).doesNotContain("device-token");
            assertThat(c.closeCodes).containsExactly(1000);
            assertThat(fx.client.state()).isEqualTo(ConnectionState.FAILED);
            assertThat(fx.closes).hasSize(1);
        }
    }

    @Test
    void loginWithServerError_failsWithTypedServerException() {
        try (EngineFixture fx = new EngineFixture()) {
            CompletableFuture<Void> connected = fx.client.connect();
            ScriptedConnection c = fx.transport.last();
            c.respond(c.frame(0), 503, "{\"Code\":\"UNAVAILABLE\"}");
            Throwable t = failure(connected);
            assertThat(t).isExactlyInstanceOf(DfxServerException.class);
            assertThat(((DfxServerException) t).status()).isEqualTo(503);
            assertThat(c.closeCodes).containsExactly(1000);
        }
    }

    @Test
    void loginWithoutAnswer_timesOutAfterRequestTimeout_andClosesTheSocket() {
        DfxClientConfig cfg = EngineFixture.config().requestTimeout(Duration.ofSeconds(5)).build();
        try (EngineFixture fx = new EngineFixture(cfg)) {
            CompletableFuture<Void> connected = fx.client.connect();
            fx.time.advance(Duration.ofMillis(4999));
            assertThat(connected).isNotDone();
            fx.time.advance(Duration.ofMillis(1));
            assertThat(failure(connected)).isInstanceOf(DfxTimeoutException.class);
            assertThat(fx.transport.last().closeCodes).containsExactly(1000);
        }
    }

    @Test
    void connectFailure_surfacesTheTransportsTypedException_andStateFailed() {
        try (EngineFixture fx = new EngineFixture()) {
            DfxHandshakeException refused = new DfxHandshakeException(404, "upgrade refused", null);
            fx.transport.failNextConnect(refused);
            CompletableFuture<Void> connected = fx.client.connect();
            assertThat(failure(connected)).isSameAs(refused);
            assertThat(fx.client.state()).isEqualTo(ConnectionState.FAILED);
            assertThat(fx.closes).isEmpty();
        }
    }

    @Test
    void connectThatNeverAnswers_failsWithTimeoutAfterConnectTimeout_andLateConnectionIsClosed() {
        DfxClientConfig cfg = EngineFixture.config().connectTimeout(Duration.ofSeconds(2)).build();
        try (EngineFixture fx = new EngineFixture(cfg)) {
            fx.transport.holdNextConnect();
            CompletableFuture<Void> connected = fx.client.connect();
            fx.time.advance(Duration.ofSeconds(2));
            assertThat(connected).isNotDone();
            fx.time.advance(Duration.ofSeconds(1));
            assertThat(failure(connected)).isInstanceOf(DfxTimeoutException.class);
            assertThat(fx.client.state()).isEqualTo(ConnectionState.FAILED);

            ScriptedConnection late = fx.transport.last();
            fx.transport.held.complete(late);
            assertThat(late.closeCodes).containsExactly(1000);
            assertThat(late.frames()).isEmpty();
        }
    }

    @Test
    void connectWhileReady_failsWithIllegalState() {
        try (EngineFixture fx = new EngineFixture()) {
            fx.connectReady();
            assertThat(failure(fx.client.connect())).isInstanceOf(IllegalStateException.class);
            assertThat(fx.transport.connections).hasSize(1);
        }
    }

    @Test
    void disconnect_closesWith1000_emitsDisconnectedAndOnCloseOnce_andStateClosed() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            CompletableFuture<Void> done = fx.client.disconnect();
            assertThat(done).isCompleted();
            assertThat(c.closeCodes).containsExactly(1000);
            assertThat(fx.client.state()).isEqualTo(ConnectionState.CLOSED);
            assertThat(fx.closes).containsExactly(new CloseEvent(1000, "normal closure", false));
            assertThat(fx.events).last().isEqualTo(new ConnectionEvent.Disconnected(1000, "normal closure", false));

            CompletableFuture<DfxMessage> after = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            assertThat(failure(after)).isInstanceOf(DfxConnectionClosedException.class);
        }
    }

    @Test
    void disconnectWhenServerNeverAnswersTheClose_abortsAfterTheBound() {
        DfxClientConfig cfg = EngineFixture.config().connectTimeout(Duration.ofSeconds(2)).build();
        try (EngineFixture fx = new EngineFixture(cfg)) {
            ScriptedConnection c = fx.connectReady();
            c.answerClose = false;
            CompletableFuture<Void> done = fx.client.disconnect();
            assertThat(done).isNotDone();
            assertThat(fx.client.state()).isEqualTo(ConnectionState.CLOSING);
            fx.time.advance(Duration.ofSeconds(2));
            assertThat(done).isCompleted();
            assertThat(c.aborted).isTrue();
            assertThat(fx.closes).extracting(CloseEvent::code).containsExactly(1006);
        }
    }

    @Test
    void connectAgainAfterClose_opensANewConnection() {
        try (EngineFixture fx = new EngineFixture()) {
            fx.connectReady();
            fx.client.disconnect();
            ScriptedConnection second = fx.connectReady();
            assertThat(fx.transport.connections).hasSize(2);
            assertThat(fx.client.state()).isEqualTo(ConnectionState.READY);
            CompletableFuture<DfxMessage> f = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            second.respond(second.lastFrame(), 200, "{\"StatusID\":\"ACTIVE\"}");
            assertThat(f).isCompleted();
        }
    }

    @Test
    void close_isIdempotent_closesTheSocket_failsPending_andLeavesTheTransportOpen() {
        EngineFixture fx = new EngineFixture();
        ScriptedConnection c = fx.connectReady();
        CompletableFuture<DfxMessage> pending = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
        fx.client.close();
        fx.client.close();
        assertThat(failure(pending)).isInstanceOf(DfxConnectionClosedException.class);
        assertThat(c.closeCodes).containsExactly(1000);
        assertThat(fx.closes).hasSize(1);
        assertThat(fx.transport.closed).isFalse();
        assertThat(failure(fx.client.connect())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeWithOwnedThreads_returnsAndReleasesThem() throws Exception {
        ScriptedTransport transport = new ScriptedTransport();
        DfxClientConfig cfg = EngineFixture.config().headerAuth(true).inBandLogin(false).build();
        DfxClient client = DfxClient.builder().transport(transport).codec(new TestBodyCodec()).config(cfg).build();
        client.connect().get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(threadsNamed("dfx-client-")).isNotEmpty();
        client.close();
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        for (Thread t : threadsNamed("dfx-client-")) {
            t.join(2000);
        }
        assertThat(threadsNamed("dfx-client-")).allMatch(t -> !t.isAlive());
    }

    private static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix))
                .filter(Thread::isAlive).toList();
    }
}
