package dev.dfx.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ConnectSpec}: defaults, validation, immutability, and a {@code toString} without header values. */
class ConnectSpecTest {
    private static final URI URI_WSS = URI.create("wss://api.deepaffex.ai");

    @Test
    void builder_defaults_offerJsonAndDocumentedBounds() {
        ConnectSpec spec = ConnectSpec.builder(URI_WSS).build();

        assertThat(spec.uri()).isEqualTo(URI_WSS);
        assertThat(spec.subprotocols()).containsExactly("json");
        assertThat(spec.headers()).isEmpty();
        assertThat(spec.connectTimeout()).isEqualTo(Duration.ofSeconds(10)).isEqualTo(ConnectSpec.DEFAULT_CONNECT_TIMEOUT);
        assertThat(spec.maxFrameBytes()).isEqualTo(16 * 1024 * 1024).isEqualTo(ConnectSpec.DEFAULT_MAX_FRAME_BYTES);
        assertThat(spec.maxQueuedBytes()).isEqualTo(64L * 1024 * 1024).isEqualTo(ConnectSpec.DEFAULT_MAX_QUEUED_BYTES);
        assertThat(spec.sslContext()).isNull();
        assertThat(spec.verifyHostname()).isTrue();
        assertThat(spec.secure()).isTrue();
    }

    @Test
    void secure_isFalseForWs() {
        assertThat(ConnectSpec.builder(URI.create("ws://127.0.0.1:8080/")).build().secure()).isFalse();
    }

    @Test
    void toString_showsHeaderNamesButNeverValues() {
        String token = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.sig-12345";
        ConnectSpec spec = ConnectSpec.builder(URI_WSS).header("Authorization", "Bearer " + token)
                .header("X-Trace", "trace-value-1").build();

        assertThat(spec.toString()).contains("Authorization", "X-Trace", "values hidden")
                .doesNotContain(token).doesNotContain("Bearer").doesNotContain("trace-value-1");
        assertThat(spec.headers()).containsEntry("Authorization", "Bearer " + token);
    }

    @Test
    void collections_areCopiedAndUnmodifiable() {
        List<String> protocols = new java.util.ArrayList<>(List.of("json"));
        Map<String, String> headers = new HashMap<>(Map.of("A", "1"));
        ConnectSpec spec = new ConnectSpec(URI_WSS, protocols, headers, Duration.ofSeconds(1), 1, 1, null, true);
        protocols.add("protobuf");
        headers.put("B", "2");

        assertThat(spec.subprotocols()).containsExactly("json");
        assertThat(spec.headers()).containsOnlyKeys("A");
        assertThatThrownBy(() -> spec.headers().put("C", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.subprotocols().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void builder_laterChangesDoNotAffectABuiltSpec() {
        ConnectSpec.Builder b = ConnectSpec.builder(URI_WSS).header("A", "1");
        ConnectSpec first = b.build();

        b.header("B", "2").subprotocols(List.of("json", "v2"));

        assertThat(first.headers()).containsOnlyKeys("A");
        assertThat(first.subprotocols()).containsExactly("json");
        assertThat(b.build().headers()).containsOnlyKeys("A", "B");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://api.deepaffex.ai", "https://api.deepaffex.ai", "ftp://x", "/relative"})
    void uri_notWsOrWss_isRefused(String uri) {
        assertThatThrownBy(() -> ConnectSpec.builder(URI.create(uri)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("uri");
    }

    @Test
    void badArguments_failNamingThem() {
        ConnectSpec.Builder b = ConnectSpec.builder(URI_WSS);
        assertThatThrownBy(() -> ConnectSpec.builder(null)).isInstanceOf(NullPointerException.class).hasMessage("uri");
        assertThatThrownBy(() -> ConnectSpec.builder(URI.create("wss:///x")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("uri");
        assertThatThrownBy(() -> b.subprotocols(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("subprotocols");
        assertThatThrownBy(() -> b.header(null, "v")).isInstanceOf(NullPointerException.class).hasMessage("name");
        assertThatThrownBy(() -> b.header("n", null)).isInstanceOf(NullPointerException.class).hasMessage("value");
        assertThatThrownBy(() -> ConnectSpec.builder(URI_WSS).connectTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("connectTimeout");
        assertThatThrownBy(() -> ConnectSpec.builder(URI_WSS).connectTimeout(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("connectTimeout");
        assertThatThrownBy(() -> ConnectSpec.builder(URI_WSS).maxFrameBytes(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxFrameBytes");
        assertThatThrownBy(() -> ConnectSpec.builder(URI_WSS).maxQueuedBytes(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxQueuedBytes");
        assertThatThrownBy(() -> new ConnectSpec(URI_WSS, null, Map.of(), Duration.ofSeconds(1), 1, 1, null, true))
                .isInstanceOf(NullPointerException.class).hasMessage("subprotocols");
        assertThatThrownBy(() -> new ConnectSpec(URI_WSS, List.of(), null, Duration.ofSeconds(1), 1, 1, null, true))
                .isInstanceOf(NullPointerException.class).hasMessage("headers");
    }
}
