package dev.dfx.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.dfx.core.ActionId;
import dev.dfx.core.CloseEvent;
import dev.dfx.core.ConnectionEvent;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.MeasurementOptions;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.ReconnectPolicy;
import dev.dfx.core.body.LoginRequest;
import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxException;
import dev.dfx.core.error.DfxTransportException;
import dev.dfx.core.port.ConnectSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/**
 * Secrets (issue 7): every log record at TRACE (java.util.logging at ALL, installed by this test only), every
 * exception message and stack trace, and the {@code toString()} of public types met on the way through a refused
 * login, a reconnect, errors and a measurement never contain the token. Transport safety: {@code ws://} to a remote
 * host, the pending-request limit, the inbound frame limit.
 */
class SecretsAndSafetyTest {
    private static final String TOKEN = "eyJsecret-token-7f3a9c0b2d";
    private static final MeasurementOptions UNPACED = new MeasurementOptions(false, Duration.ZERO,
            Duration.ofSeconds(1));

    /** Captures every record formatted with its parameters and thrown stack trace. */
    private static final class Capture extends Handler {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final SimpleFormatter f = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
            lines.add(f.format(r));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static String dump(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void noTokenInAnyLogRecordExceptionOrToString_throughLoginFailureReconnectAndErrors() {
        Logger root = Logger.getLogger("");
        Level oldLevel = root.getLevel();
        Capture capture = new Capture();
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        List<String> seen = new ArrayList<>();
        try {
            DfxClientConfig config = EngineFixture.config().deviceToken(null).userToken(TOKEN).headerAuth(true)
                    .reconnect(new ReconnectPolicy(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 0.0, 2))
                    .build();
            seen.add(config.toString());
            seen.add(new LoginRequest(TOKEN).toString());
            try (EngineFixture fx = new EngineFixture(config)) {
                // 1. a refused login
                CompletableFuture<Void> refused = fx.client.connect();
                ScriptedConnection c0 = fx.transport.last();
                c0.respond(c0.lastFrame(), 401, "{\"Code\":\"INVALID_TOKEN\",\"Message\":\"bad token\"}");
                seen.add(dump(EngineFixture.failure(refused)));
                // 2. connect, measurement, hostile frames, a 5xx, a drop, a failed attempt, a reconnect
                ScriptedConnection c1 = fx.connectReady();
                MeasurementStream m = fx.client.startMeasurement("M", 2, UNPACED);
                seen.add(m.toString());
                c1.respond(m.subscriptionId(), 200, "{}");
                m.send(dev.dfx.core.Chunk.of(new byte[] {1, 2, 3}, Duration.ofSeconds(5)));
                c1.pushBinary(ByteBuffer.wrap("garbage".getBytes()));
                c1.respond(c1.lastFrame(), 503, "{\"Code\":\"UNAVAILABLE\"}");
                CompletableFuture<DfxMessage> pending = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
                c1.fail(new DfxConnectionClosedException(1006, "reset", true));
                seen.add(dump(EngineFixture.failure(pending)));
                fx.transport.failNextConnect(new DfxTransportException("refused", null, true));
                fx.time.advance(Duration.ofMillis(100));
                fx.time.advance(Duration.ofMillis(200));
                ScriptedConnection c2 = fx.transport.last();
                c2.respond(c2.lastFrame(), 200, "{}");
                fx.time.advance(Duration.ofSeconds(60)); // timeouts
                try {
                    m.completion().join();
                } catch (CompletionException e) {
                    seen.add(dump(e));
                }
                for (ConnectSpec spec : fx.transport.specs) {
                    seen.add(spec.toString());
                }
                for (DfxException e : fx.errors) {
                    seen.add(dump(e));
                }
                for (ConnectionEvent e : fx.events) {
                    seen.add(e.toString());
                }
                for (CloseEvent e : fx.closes) {
                    seen.add(e.toString());
                }
                for (DfxMessage msg : fx.messages) {
                    seen.add(msg.toString());
                }
                seen.add(fx.client.toString());
                assertThat(fx.events).anyMatch(e -> e instanceof ConnectionEvent.RetryFailed);
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(oldLevel);
        }
        assertThat(capture.lines).as("log records captured").hasSizeGreaterThan(20);
        assertThat(capture.lines).anyMatch(l -> l.contains("FINE")); // DEBUG/TRACE records were on
        assertThat(capture.lines).noneMatch(l -> l.contains(TOKEN));
        assertThat(seen).hasSizeGreaterThan(10).noneMatch(s -> s.contains(TOKEN));
    }

    /**
     * Issue 11: licence keys, passwords, MFA codes, minted tokens and refresh tokens stay out of every log record,
     * exception and {@code toString()} through registration, a renewal, a refused renewal, a re-registration, the
     * typed actions and their errors.
     */
    @Test
    void noCredentialOrMintedTokenAnywhere_throughRegisterRenewRefusalAndTypedActions() {
        Logger root = Logger.getLogger("");
        Level oldLevel = root.getLevel();
        Capture capture = new Capture();
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        List<String> seen = new ArrayList<>();
        List<String> secrets = new ArrayList<>(List.of("LIC-key-secret-55", "pw-secret-66", "mfa-secret-77"));
        try {
            dev.dfx.core.auth.TokenStore store = dev.dfx.core.auth.TokenStore.inMemory();
            dev.dfx.core.auth.Credentials.License lic = new dev.dfx.core.auth.Credentials.License(
                    "LIC-key-secret-55", "LINUX", "n", "i", "v", Duration.ofSeconds(20));
            DfxClientConfig config = DfxClientConfig.builder().uri("ws://127.0.0.1:9/").credentials(lic)
                    .tokenStore(store).heartbeatInterval(Duration.ZERO).reconnect(ReconnectPolicy.none()).build();
            seen.add(config.toString());
            seen.add(lic.toString());
            seen.add(new dev.dfx.core.auth.Credentials.User("u@x", "pw-secret-66", "mfa-secret-77").toString());
            seen.add(new dev.dfx.core.api.UserLoginRequest("u@x", "pw-secret-66", "mfa-secret-77").toString());
            seen.add(dev.dfx.core.api.RegisterLicenseRequest.from(lic).toString());
            try (EngineFixture fx = new EngineFixture(config)) {
                MiniAuthServer server = new MiniAuthServer(fx, 20);
                CompletableFuture<Void> c = fx.client.connect();
                server.serve();
                c.join();
                fx.time.advance(Duration.ofSeconds(17)); // proactive renewal at 16 s
                server.serve();
                seen.add(store.load().orElseThrow().toString());
                seen.add(new dev.dfx.core.api.RenewRequest(store.load().orElseThrow()).toString());
                // spend the stored refresh token behind the client's back: its next renewal is refused, it registers
                ScriptedConnection sc = fx.transport.last();
                CompletableFuture<?> spent = fx.client.auths().renew(new dev.dfx.core.api.RenewRequest(
                        store.load().orElseThrow()));
                server.serve();
                spent.join();
                fx.time.advance(Duration.ofSeconds(17));
                server.serve();
                assertThat(server.count("0705")).isEqualTo(2);
                CompletableFuture<?> bad = fx.client.organizations().loginWithToken("not-known-" + sc.hashCode());
                CompletableFuture<?> unsupported = fx.client.general().regions();
                server.serve();
                seen.add(dump(EngineFixture.failure(bad)));
                seen.add(dump(EngineFixture.failure(unsupported)));
                for (DfxException e : fx.errors) {
                    seen.add(dump(e));
                }
                for (DfxMessage msg : fx.messages) {
                    seen.add(msg.toString());
                }
                seen.add(fx.client.toString());
                secrets.addAll(server.secrets);
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(oldLevel);
        }
        assertThat(secrets).hasSizeGreaterThan(8);
        assertThat(capture.lines).as("log records captured").hasSizeGreaterThan(5);
        for (String secret : secrets) {
            assertThat(capture.lines).noneMatch(l -> l.contains(secret));
            assertThat(seen).noneMatch(s -> s.contains(secret));
        }
    }

    @Test
    void insecureWsToARemoteHost_isRefusedUnlessAllowed_andTheClientBuildsWithTheAllowance() {
        assertThatIllegalArgumentException().isThrownBy(() -> EngineFixture.config().uri("ws://example.com/")
                .build()).withMessageContaining("ws://").withMessageContaining("allowInsecureRemote");
        assertThatIllegalArgumentException().isThrownBy(() -> EngineFixture.config().uri("ws://10.1.2.3:9/")
                .build()).withMessageContaining("uri");
        DfxClientConfig allowed = EngineFixture.config().uri("ws://example.com/").allowInsecureRemote(true).build();
        try (EngineFixture fx = new EngineFixture(allowed)) {
            fx.client.connect();
            assertThat(fx.transport.specs.get(0).uri().getHost()).isEqualTo("example.com");
        }
        for (String loopback : List.of("ws://127.0.0.1:9/", "ws://localhost:9/", "ws://[::1]:9/")) {
            assertThat(EngineFixture.config().uri(loopback).build().uri().toString()).isEqualTo(loopback);
        }
    }

    @Test
    void pendingRequestLimit_failsFastWithAClearError_andSendsNothing() {
        try (EngineFixture fx = new EngineFixture(EngineFixture.config().maxPendingRequests(2).build())) {
            ScriptedConnection c = fx.connectReady();
            fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            int sent = c.frames().size();
            CompletableFuture<DfxMessage> third = fx.client.sendMessage(ActionId.GENERAL_STATUS, Map.of());
            assertThat(EngineFixture.failure(third)).isInstanceOf(DfxException.class)
                    .hasMessageContaining("too many requests in flight").hasMessageContaining("maxPendingRequests 2");
            assertThat(c.frames()).hasSize(sent);
        }
    }

    @Test
    void inboundFrameLimit_isHandedToTheTransport() {
        try (EngineFixture fx = new EngineFixture(EngineFixture.config().maxFrameBytes(4096).build())) {
            fx.client.connect();
            assertThat(fx.transport.specs.get(0).maxFrameBytes()).isEqualTo(4096);
        }
    }
}
