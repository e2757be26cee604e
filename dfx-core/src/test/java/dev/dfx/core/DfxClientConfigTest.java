package dev.dfx.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;

import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DfxClientConfig}: defaults, toBuilder, validation, the {@code ws://} rule, token choice. */
class DfxClientConfigTest {

    private static DfxClientConfig.Builder valid() {
        return DfxClientConfig.builder().deviceToken("device-token-123");
    }

    @Test
    void defaults_areTheDocumentedOnes() {
        DfxClientConfig c = valid().build();

        assertThat(c.uri()).isEqualTo(URI.create("wss://api.deepaffex.ai")).isEqualTo(DfxClientConfig.DEFAULT_URI);
        assertThat(c.inBandLogin()).isTrue();
        assertThat(c.headerAuth()).isFalse();
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        // Issue 12: a silent server is found within (allowed + 2) × interval, before a request can time out.
        assertThat(c.heartbeatInterval().multipliedBy(c.allowedMissedPongs() + 2L)).isLessThan(c.requestTimeout());
        assertThat(c.allowedMissedPongs()).isEqualTo(2);
        assertThat(c.maxFrameBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(c.maxQueuedBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(c.maxPendingRequests()).isEqualTo(1024);
        assertThat(c.realTimePacing()).isTrue();
        assertThat(c.pacingBurst()).isEqualTo(Duration.ofSeconds(4));
        assertThat(c.resultTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.allowInsecureRemote()).isFalse();
        assertThat(c.userToken()).isEmpty();
        assertThat(c.deviceToken()).contains("device-token-123");
    }

    @Test
    void toBuilder_ofDefaults_buildsAnEqualConfig() {
        DfxClientConfig c = valid().build();

        assertSameValues(c.toBuilder().build(), c);
    }

    @Property(tries = 200)
    void toBuilder_roundTripsEveryField(@ForAll boolean headerAuth, @ForAll boolean pacing,
                                        @ForAll boolean insecure, @ForAll boolean withUserToken,
                                        @ForAll @LongRange(min = 1, max = 600_000) long millis,
                                        @ForAll @IntRange(min = 0, max = 10) int pongs,
                                        @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int frame,
                                        @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long queued,
                                        @ForAll @IntRange(min = 1, max = 100_000) int pending) {
        DfxClientConfig c = DfxClientConfig.builder()
                .uri(insecure ? "ws://example.com:8080/x" : "wss://api.na-east.deepaffex.ai")
                .userToken(withUserToken ? "user-token" : null)
                .deviceToken("device-token")
                .headerAuth(headerAuth)
                .inBandLogin(!headerAuth || pacing)
                .connectTimeout(Duration.ofMillis(millis))
                .requestTimeout(Duration.ofMillis(millis + 1))
                .heartbeatInterval(Duration.ofMillis(millis - 1))
                .allowedMissedPongs(pongs)
                .maxFrameBytes(frame)
                .maxQueuedBytes(queued)
                .maxPendingRequests(pending)
                .realTimePacing(pacing)
                .pacingBurst(Duration.ofMillis(millis - 1))
                .resultTimeout(Duration.ofMillis(millis + 2))
                .allowInsecureRemote(insecure)
                .build();

        DfxClientConfig copy = c.toBuilder().build();

        assertSameValues(copy, c);
        assertThat(copy).isNotSameAs(c);
    }

    @Test
    void toBuilder_changesDoNotAffectTheOriginal() {
        DfxClientConfig c = valid().build();

        DfxClientConfig changed = c.toBuilder().requestTimeout(Duration.ofSeconds(1)).userToken("u").build();

        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.userToken()).isEmpty();
        assertThat(changed.requestTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(changed.token()).isEqualTo("u");
    }

    private static void assertSameValues(DfxClientConfig actual, DfxClientConfig expected) {
        assertThat(actual).hasToString(expected.toString());
        assertThat(actual.uri()).isEqualTo(expected.uri());
        assertThat(actual.userToken()).isEqualTo(expected.userToken());
        assertThat(actual.deviceToken()).isEqualTo(expected.deviceToken());
        assertThat(actual.token()).isEqualTo(expected.token());
        assertThat(actual.headerAuth()).isEqualTo(expected.headerAuth());
        assertThat(actual.inBandLogin()).isEqualTo(expected.inBandLogin());
        assertThat(actual.connectTimeout()).isEqualTo(expected.connectTimeout());
        assertThat(actual.requestTimeout()).isEqualTo(expected.requestTimeout());
        assertThat(actual.heartbeatInterval()).isEqualTo(expected.heartbeatInterval());
        assertThat(actual.allowedMissedPongs()).isEqualTo(expected.allowedMissedPongs());
        assertThat(actual.maxFrameBytes()).isEqualTo(expected.maxFrameBytes());
        assertThat(actual.maxQueuedBytes()).isEqualTo(expected.maxQueuedBytes());
        assertThat(actual.maxPendingRequests()).isEqualTo(expected.maxPendingRequests());
        assertThat(actual.realTimePacing()).isEqualTo(expected.realTimePacing());
        assertThat(actual.pacingBurst()).isEqualTo(expected.pacingBurst());
        assertThat(actual.resultTimeout()).isEqualTo(expected.resultTimeout());
        assertThat(actual.allowInsecureRemote()).isEqualTo(expected.allowInsecureRemote());
    }

    // ---- tokens ----

    @Test
    void token_prefersUserTokenOverDeviceToken() {
        assertThat(valid().userToken("user").build().token()).isEqualTo("user");
        assertThat(valid().build().token()).isEqualTo("device-token-123");
        assertThat(DfxClientConfig.builder().userToken("user").build().token()).isEqualTo("user");
    }

    @Test
    void noToken_isRefused() {
        assertThatThrownBy(() -> DfxClientConfig.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("userToken").hasMessageContaining("deviceToken");
        assertThatThrownBy(() -> DfxClientConfig.builder().userToken(" ").deviceToken("").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userToken or deviceToken");
    }

    @Test
    void blankToken_besideAGoodOne_isRefusedNamingIt() {
        assertThatThrownBy(() -> valid().userToken("  ").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("userToken");
        assertThatThrownBy(() -> DfxClientConfig.builder().userToken("u").deviceToken("").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("deviceToken");
    }

    // ---- validation ----

    static Stream<Arguments> invalidFields() {
        return Stream.of(
                bad("connectTimeout", b -> b.connectTimeout(Duration.ZERO)),
                bad("connectTimeout", b -> b.connectTimeout(Duration.ofMillis(-1))),
                bad("connectTimeout", b -> b.connectTimeout(null)),
                bad("requestTimeout", b -> b.requestTimeout(Duration.ZERO)),
                bad("requestTimeout", b -> b.requestTimeout(null)),
                bad("resultTimeout", b -> b.resultTimeout(Duration.ofSeconds(-5))),
                bad("resultTimeout", b -> b.resultTimeout(null)),
                bad("heartbeatInterval", b -> b.heartbeatInterval(Duration.ofNanos(-1))),
                bad("heartbeatInterval", b -> b.heartbeatInterval(null)),
                bad("pacingBurst", b -> b.pacingBurst(Duration.ofNanos(-1))),
                bad("pacingBurst", b -> b.pacingBurst(null)),
                bad("allowedMissedPongs", b -> b.allowedMissedPongs(-1)),
                bad("maxFrameBytes", b -> b.maxFrameBytes(0)),
                bad("maxQueuedBytes", b -> b.maxQueuedBytes(-1)),
                bad("maxPendingRequests", b -> b.maxPendingRequests(0)),
                bad("inBandLogin", b -> b.inBandLogin(false).headerAuth(false)),
                bad("uri", b -> b.uri("https://api.deepaffex.ai")),
                bad("uri", b -> b.uri("api.deepaffex.ai")),
                bad("uri", b -> b.uri("wss:///nohost")),
                bad("uri", b -> b.uri("wss://bad host/")),
                bad("uri", b -> b.uri((String) null)),
                bad("uri", b -> b.uri((URI) null)),
                bad("uri", b -> b.uri("ws://api.deepaffex.ai")));
    }

    private static Arguments bad(String field, UnaryOperator<DfxClientConfig.Builder> change) {
        return Arguments.of(named(field, field), change);
    }

    @ParameterizedTest
    @MethodSource("invalidFields")
    void build_invalidField_failsWithMessageNamingIt(String field, UnaryOperator<DfxClientConfig.Builder> change) {
        assertThatThrownBy(() -> change.apply(valid()).build())
                .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class)
                .hasMessageStartingWith(field);
    }

    @Test
    void build_zeroHeartbeatAndBurstAndPongs_areAllowed() {
        DfxClientConfig c = valid().heartbeatInterval(Duration.ZERO).pacingBurst(Duration.ZERO)
                .allowedMissedPongs(0).build();

        assertThat(c.heartbeatInterval()).isZero();
        assertThat(c.pacingBurst()).isZero();
        assertThat(c.allowedMissedPongs()).isZero();
    }

    @Test
    void build_headerAuthAlone_isEnough() {
        DfxClientConfig c = valid().inBandLogin(false).headerAuth(true).build();

        assertThat(c.inBandLogin()).isFalse();
        assertThat(c.headerAuth()).isTrue();
    }

    @Test
    void uriString_notAUri_failsWithoutEchoingTheText() {
        assertThatThrownBy(() -> valid().uri("wss://host/secret-token here"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("uri is not a valid URI")
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-token"));
    }

    // ---- ws:// only to loopback ----

    @ParameterizedTest
    @ValueSource(strings = {"ws://127.0.0.1:8080/", "ws://127.0.0.2/", "ws://[::1]:9000/", "ws://[0:0:0:0:0:0:0:1]/",
        "ws://localhost:1234", "ws://LOCALHOST/", "WS://localhost/"})
    void wsToLoopback_isAllowed(String uri) {
        assertThat(valid().uri(uri).build().uri()).isEqualTo(URI.create(uri));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws://api.deepaffex.ai/", "ws://10.0.0.1/", "ws://192.168.1.10:8080", "ws://[::2]/",
        "ws://localhost.example.com/", "ws://127.0.0.1.nip.io/", "ws://0.0.0.0/"})
    void wsToNonLoopback_isRefusedUnlessAllowed(String uri) {
        assertThatThrownBy(() -> valid().uri(uri).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("uri").hasMessageContaining("allowInsecureRemote");

        assertThat(valid().uri(uri).allowInsecureRemote(true).build().uri()).isEqualTo(URI.create(uri));
    }

    @ParameterizedTest
    @ValueSource(strings = {"wss://api.deepaffex.ai", "wss://api.as-east.deepaffex.ai:9080/", "WSS://127.0.0.1/",
        "wss://[::1]/"})
    void wss_isAllowedToAnyHost(String uri) {
        assertThat(valid().uri(uri).build().uri()).isEqualTo(URI.create(uri));
    }
}
