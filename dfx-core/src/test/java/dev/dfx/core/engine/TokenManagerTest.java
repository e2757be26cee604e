package dev.dfx.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.auth.Credentials;
import dev.dfx.core.auth.TokenPair;
import dev.dfx.core.auth.TokenStore;
import dev.dfx.core.error.DfxAuthenticationException;
import dev.dfx.core.error.DfxLicenseException;
import dev.dfx.core.internal.TokenManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** Token life cycle on a manual clock (issue 11): register, restart, proactive and on-demand renewal, fallbacks. */
class TokenManagerTest {
    private static final Credentials.License LICENSE = new Credentials.License("LIC-secret-1", "LINUX", "kiosk",
            "kiosk-1", "1.0", Duration.ofSeconds(100));

    private final ManualScheduler clock = new ManualScheduler();
    private final TokenStore store = TokenStore.inMemory();
    private final AtomicInteger issued = new AtomicInteger();

    /** The fake's pair: a JWT living {@code ttl} seconds from now, and a refresh token; each call a new one. */
    private Map<String, Object> newPair(long ttl) {
        long now = clock.instant().getEpochSecond();
        int n = issued.incrementAndGet();
        return Map.of("Token", FakeWire.jwt("dev" + n, now, now + ttl, "na-east"), "RefreshToken", "refresh-" + n);
    }

    private FakeWire server(long ttl) {
        List<String> spent = new ArrayList<>();
        return new FakeWire()
                .on("0705", b -> new FakeWire.Answer(200, newPair(ttl)))
                .on("0718", b -> new FakeWire.Answer(200, Map.of("Token", b.get("Token"))))
                .on("2304", b -> {
                    String r = (String) b.get("RefreshToken");
                    if (spent.contains(r)) {
                        return new FakeWire.Answer(401, Map.of("Code", "INVALID_TOKEN", "Message", "refresh spent"));
                    }
                    spent.add(r);
                    return new FakeWire.Answer(200, newPair(ttl));
                });
    }

    private TokenManager manager(Credentials c) {
        return new TokenManager(c, store, clock, clock, 0.8);
    }

    @Test
    void firstStart_registersOnTheSocketWithout0718_andStoresThePair() {
        FakeWire wire = server(100);
        TokenManager tm = manager(LICENSE);

        tm.authenticate(wire).join();

        assertThat(wire.actions).containsExactly("0705");
        assertThat(store.load()).isPresent();
        assertThat(store.load().get().token()).isEqualTo(tm.currentToken());
        assertThat(wire.bodies.get(0)).containsEntry("Key", "LIC-secret-1").containsEntry("TokenExpiresIn", 100L);
    }

    @Test
    void restartWithStoredPair_logsInWith0718_andNeverRegisters() {
        FakeWire first = server(100);
        manager(LICENSE).authenticate(first).join();
        String stored = store.load().orElseThrow().token();

        FakeWire second = server(100);
        TokenManager restarted = manager(LICENSE);
        restarted.authenticate(second).join();

        assertThat(second.actions).containsExactly("0718");
        assertThat(second.bodies.get(0)).containsEntry("Token", stored);
        assertThat(restarted.registrations()).isZero();
    }

    @Test
    void proactiveRenewal_at80PercentOfLifetime_renewsStoresThenLogsIn() {
        FakeWire wire = server(100);
        TokenManager tm = manager(LICENSE);
        tm.authenticate(wire).join();
        String first = tm.currentToken();

        clock.advance(Duration.ofSeconds(79));
        assertThat(wire.actions).containsExactly("0705");

        // when the 0718 goes out, the store must already hold the new pair
        List<String> storedAt0718 = new ArrayList<>();
        wire.on("0718", b -> {
            storedAt0718.add(store.load().orElseThrow().token());
            return new FakeWire.Answer(200, Map.of());
        });
        clock.advance(Duration.ofSeconds(1));

        assertThat(wire.actions).containsExactly("0705", "2304", "0718");
        assertThat(tm.renewals()).isEqualTo(1);
        assertThat(tm.currentToken()).isNotEqualTo(first);
        assertThat(storedAt0718).containsExactly(tm.currentToken());
        assertThat(wire.bodies.get(2)).containsEntry("Token", tm.currentToken());

        // and the next renewal is armed on the new token's lifetime
        clock.advance(Duration.ofSeconds(80));
        assertThat(wire.count("2304")).isEqualTo(2);
    }

    @Test
    void manyRequestsMeetingOneExpiry_causeOneRenewal() {
        FakeWire wire = server(100);
        TokenManager tm = manager(LICENSE);
        tm.authenticate(wire).join();
        String stale = tm.currentToken();

        wire.hold = true;
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(tm.refresh(wire, stale));
        }
        assertThat(wire.count("2304")).isEqualTo(1);
        assertThat(all).allMatch(f -> !f.isDone());
        wire.releaseAll(); // answers 2304, whose success sends the 0718 (not held any more)

        assertThat(all).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        // a late caller with the same stale token gets the finished renewal
        assertThat(tm.refresh(wire, stale)).isCompleted();
        assertThat(wire.count("2304")).isEqualTo(1);
        assertThat(wire.count("0718")).isEqualTo(1);
    }

    @Test
    void spentRefreshToken_withLicence_registersAgain() {
        FakeWire wire = server(100);
        TokenManager tm = manager(LICENSE);
        tm.authenticate(wire).join();
        wire.on("2304", b -> new FakeWire.Answer(401, Map.of("Code", "INVALID_TOKEN")));

        tm.refresh(wire, tm.currentToken()).join();

        assertThat(wire.actions).containsExactly("0705", "2304", "0705");
        assertThat(store.load().orElseThrow().token()).isEqualTo(tm.currentToken());
    }

    @Test
    void spentRefreshToken_withoutOtherCredentials_failsTypedAndSaysWhatToDo() {
        store.save(new TokenPair(FakeWire.jwt("u", 0, 4_000_000_000L, null), "refresh-spent"));
        FakeWire wire = server(100).on("2304", b -> new FakeWire.Answer(401, Map.of("Code", "INVALID_TOKEN")));
        TokenManager tm = manager(null);
        tm.authenticate(wire).join();

        CompletableFuture<Void> f = tm.refresh(wire, tm.currentToken());

        Assertions.assertThatThrownBy(f::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(DfxAuthenticationException.class)
                .hasMessageContaining("configure a licence key")
                .hasMessageNotContaining("refresh-spent");
        assertThat(store.load()).isEmpty();
    }

    @Test
    void expiredStoredJwt_isRenewedBeforeTheLogin() {
        long now = clock.instant().getEpochSecond();
        store.save(new TokenPair(FakeWire.jwt("old", now - 200, now - 100, null), "refresh-old"));
        FakeWire wire = server(100);

        manager(LICENSE).authenticate(wire).join();

        assertThat(wire.actions).containsExactly("2304", "0718");
    }

    @Test
    void loginRefusedWith401_renewsAndLogsInAgain() {
        long now = clock.instant().getEpochSecond();
        store.save(new TokenPair(FakeWire.jwt("old", now, now + 1000, null), "refresh-old"));
        AtomicInteger logins = new AtomicInteger();
        FakeWire wire = server(100).on("0718", b -> logins.getAndIncrement() == 0
                ? new FakeWire.Answer(401, Map.of("Code", "TOKEN_EXPIRED"))
                : new FakeWire.Answer(200, Map.of()));

        manager(null).authenticate(wire).join();

        assertThat(wire.actions).containsExactly("0718", "2304", "0718");
    }

    @Test
    void tokenThatIsNotAJwt_getsNoRenewalTimer() {
        FakeWire wire = server(100);
        TokenManager tm = manager(Credentials.tokens("opaque-token", "opaque-refresh"));
        tm.authenticate(wire).join();

        assertThat(clock.pending()).isZero();
        clock.advance(Duration.ofDays(30));
        assertThat(wire.actions).containsExactly("0718");
    }

    @Test
    void reissuedTokenIn0718Reply_isAdoptedAndStored() {
        store.save(new TokenPair("opaque-token", "opaque-refresh"));
        FakeWire wire = server(100).on("0718", b -> new FakeWire.Answer(200, Map.of("Token", "reissued-token")));
        TokenManager tm = manager(null);

        tm.authenticate(wire).join();

        assertThat(tm.currentToken()).isEqualTo("reissued-token");
        assertThat(store.load().orElseThrow()).isEqualTo(new TokenPair("reissued-token", "opaque-refresh"));
    }

    @Test
    void unknownLicenceKey_failsWithLicenceError() {
        FakeWire wire = server(100).on("0705", b -> new FakeWire.Answer(404, Map.of("Code", "NOT_FOUND",
                "Message", "no such licence")));

        CompletableFuture<Void> f = manager(LICENSE).authenticate(wire);

        Assertions.assertThatThrownBy(f::join).cause().isInstanceOf(DfxLicenseException.class)
                .hasMessageContaining("check the key").hasMessageNotContaining("LIC-secret-1");
    }
}
