package dev.dfx.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.Chunk;
import dev.dfx.core.ConnectionState;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.MeasurementSummary;
import dev.dfx.core.MeasurementTarget;
import dev.dfx.core.ReconnectPolicy;
import dev.dfx.core.api.StatusResponse;
import dev.dfx.core.auth.Credentials;
import dev.dfx.core.auth.TokenStore;
import dev.dfx.core.error.DfxAuthenticationException;
import dev.dfx.core.error.DfxUnsupportedActionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The client's side of issue 11 on the scripted transport and a manual clock: register on the open socket, create,
 * stream and finish with a token that lives shorter than the measurement on a server that expires tokens in session;
 * 401 TOKEN_EXPIRED in the middle of a stream; many requests at the moment of expiry; restart with a stored pair.
 */
class AuthLifecycleTest {
    private static final Credentials.License LICENSE = new Credentials.License("LIC-secret-9", "LINUX", "kiosk",
            "kiosk-1", "1.0", Duration.ofSeconds(20));

    private static DfxClientConfig.Builder config(TokenStore store) {
        return DfxClientConfig.builder().uri("ws://127.0.0.1:9/").credentials(LICENSE).tokenStore(store)
                .heartbeatInterval(Duration.ZERO).reconnect(ReconnectPolicy.none());
    }

    private static List<Chunk> chunks(int n) {
        List<Chunk> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Chunk.of(new byte[] {(byte) i, 1, 2}, Duration.ofSeconds(5)));
        }
        return out;
    }

    /** Drives the manual clock a second at a time, the server answering after each step, until f is done. */
    private static void run(EngineFixture fx, MiniAuthServer server, CompletableFuture<?> f, int maxSeconds) {
        server.serve();
        for (int i = 0; i < maxSeconds && !f.isDone(); i++) {
            fx.time.advance(Duration.ofSeconds(1));
            server.serve();
        }
        assertThat(f).as("done within " + maxSeconds + " s of manual time").isDone();
    }

    @Test
    void measurementLongerThanTheToken_inSessionExpiry_everyChunkAckedOnce_oneRenewal_storeHoldsNewPair() {
        TokenStore store = TokenStore.inMemory();
        try (EngineFixture fx = new EngineFixture(config(store).build())) {
            MiniAuthServer server = new MiniAuthServer(fx, 20);
            // 6 chunks x 5 s = 30 s of paced streaming against a 20 s token: renewal at 16 s, expiry at 20 s
            CompletableFuture<MeasurementSummary> f = fx.client.measure(MeasurementTarget.study("S1"), chunks(6));
            run(fx, server, f, 120);

            MeasurementSummary sum = f.join();
            assertThat(sum.chunksAcked()).isEqualTo(6);
            assertThat(sum.finalResult()).isPresent();
            assertThat(server.acks).hasSize(6).allSatisfy((order, n) -> assertThat(n).isEqualTo(1));
            assertThat(server.count("0705")).isEqualTo(1);
            assertThat(server.count("2304")).isEqualTo(1);
            assertThat(fx.client.tokenRenewals()).isEqualTo(1);
            assertThat(store.load().orElseThrow().refreshToken()).isEqualTo("refresh-2");
            // registered once, logged in with 0718 only after the renewal
            assertThat(server.log.subList(0, 3)).containsExactly("0705", "0504", "0510");
            assertThat(fx.client.state()).isEqualTo(ConnectionState.CLOSED);
        }
    }

    @Test
    void tokenExpiredMidStream_withoutProactiveRenewal_renewsOnce_resendsTheChunk_noChunkLostOrDuplicated() {
        TokenStore store = TokenStore.inMemory();
        try (EngineFixture fx = new EngineFixture(config(store).build())) {
            MiniAuthServer server = new MiniAuthServer(fx, 12);
            server.opaqueTokens = true; // the client cannot see exp: only the server's 401 tells it
            CompletableFuture<MeasurementSummary> f = fx.client.measure(MeasurementTarget.study("S1"), chunks(6));
            run(fx, server, f, 120);

            assertThat(f.join().chunksAcked()).isEqualTo(6);
            assertThat(server.acks).hasSize(6).allSatisfy((order, n) -> assertThat(n).isEqualTo(1));
            assertThat(server.count("2304")).isEqualTo(server.count("0718")).isPositive();
            // every renewal was caused by exactly one refused chunk, resent once
            assertThat(server.count("0506")).isEqualTo(6 + server.count("2304"));
        }
    }

    @Test
    void manyRequestsAtTheMomentOfExpiry_oneRenewal_allSucceed() {
        TokenStore store = TokenStore.inMemory();
        try (EngineFixture fx = new EngineFixture(config(store).build())) {
            MiniAuthServer server = new MiniAuthServer(fx, 20);
            server.opaqueTokens = true;
            CompletableFuture<Void> c = fx.client.connect();
            server.serve();
            c.join();
            fx.time.advance(Duration.ofSeconds(21)); // expired on the server; the client cannot know

            List<CompletableFuture<StatusResponse>> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                all.add(fx.client.general().status());
            }
            server.serve();

            assertThat(all).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
            assertThat(all.get(0).join().isActive()).isTrue();
            assertThat(server.count("2304")).isEqualTo(1);
            assertThat(server.count("0718")).isEqualTo(1);
            assertThat(server.count("0100")).isEqualTo(40); // each refused once, then retried once
        }
    }

    @Test
    void restartWithStoredPair_registersNothing() {
        TokenStore store = TokenStore.inMemory();
        try (EngineFixture fx = new EngineFixture(config(store).build())) {
            MiniAuthServer server = new MiniAuthServer(fx, 3600);
            CompletableFuture<Void> c = fx.client.connect();
            server.serve();
            c.join();
            assertThat(server.count("0705")).isEqualTo(1);
        }
        try (EngineFixture fx = new EngineFixture(config(store).build())) {
            MiniAuthServer server = new MiniAuthServer(fx, 3600);
            server.knowToken(store.load().orElseThrow().token(), 3600);
            CompletableFuture<Void> c = fx.client.connect();
            server.serve();
            c.join();
            assertThat(server.log).containsExactly("0718");
            assertThat(fx.client.uri().toString()).isEqualTo("ws://127.0.0.1:9/");
        }
    }

    @Test
    void spentRefreshToken_tokenPairOnly_failsTypedWithAdvice() {
        TokenStore store = TokenStore.inMemory();
        try (EngineFixture fx = new EngineFixture(config(store).credentials(Credentials.tokens(
                FakeWire.jwt("x", 0, 1, null), "refresh-unknown")).build())) {
            MiniAuthServer server = new MiniAuthServer(fx, 20);
            CompletableFuture<Void> c = fx.client.connect();
            server.serve();
            Throwable t = EngineFixture.failure(c);
            assertThat(t).isInstanceOf(DfxAuthenticationException.class).hasMessageContaining("configure a licence key")
                    .hasMessageNotContaining("refresh-unknown");
            assertThat(server.log).containsExactly("2304");
        }
    }

    @Test
    void unknownAction_isTypedNotSupported() {
        try (EngineFixture fx = new EngineFixture(config(TokenStore.inMemory()).build())) {
            MiniAuthServer server = new MiniAuthServer(fx, 3600);
            CompletableFuture<Void> c = fx.client.connect();
            server.serve();
            c.join();
            CompletableFuture<?> f = fx.client.studies().sdkConfig(new dev.dfx.core.api.SdkConfigRequest("S", "sdk",
                    null));
            server.serve();
            assertThat(EngineFixture.failure(f)).isInstanceOf(DfxUnsupportedActionException.class)
                    .hasMessageContaining("not supported by this server");
        }
    }
}
