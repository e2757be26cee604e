package dev.dfx.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ProxySpec} and the clear-text rule of {@link ConnectSpec} (issue 12). */
class ProxySpecTest {

    @Test
    void fixedProxy_isUsedForEveryTarget_unresolved() {
        ProxySpec p = ProxySpec.of("proxy.corp", 3128);

        InetSocketAddress a = p.addressFor(URI.create("wss://api.deepaffex.ai/")).orElseThrow();

        assertThat(a.isUnresolved()).as("no DNS lookup on the caller's thread").isTrue();
        assertThat(a.getHostString()).isEqualTo("proxy.corp");
        assertThat(a.getPort()).isEqualTo(3128);
    }

    @Test
    void parse_takesHostPortAndBracketedIpv6() {
        assertThat(ProxySpec.parse("proxy.corp:3128")).isEqualTo(ProxySpec.of("proxy.corp", 3128));
        assertThat(ProxySpec.parse("[::1]:8080")).isEqualTo(ProxySpec.of("::1", 8080));
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.corp", "proxy.corp:", ":3128", "proxy.corp:99999", "user@proxy:1", "p:1/x", ""})
    void parse_rejectsAnythingButHostPort(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> ProxySpec.parse(text));
    }

    @Test
    void validation_namesTheArgument() {
        assertThatNullPointerException().isThrownBy(() -> ProxySpec.of(null, 1)).withMessage("host");
        assertThatIllegalArgumentException().isThrownBy(() -> ProxySpec.of("p", 0)).withMessageContaining("port");
        assertThatIllegalArgumentException().isThrownBy(() -> new ProxySpec("p", 1, "u", null, null))
                .withMessageContaining("username and password");
        assertThatIllegalArgumentException().isThrownBy(() -> ProxySpec.of("p", 1).withCredentials("a:b", "x"))
                .withMessageContaining("username");
    }

    @Test
    void toString_hidesThePassword() {
        ProxySpec p = ProxySpec.of("proxy.corp", 3128).withCredentials("kiosk", "s3cret-pw");

        assertThat(p.toString()).contains("kiosk").doesNotContain("s3cret-pw");
        assertThat(ConnectSpec.builder(URI.create("wss://h/")).proxy(p).build().toString())
                .doesNotContain("s3cret-pw");
    }

    @Test
    void selector_isAskedWithHttpSchemes_andDirectMeansNoProxy() {
        List<URI> asked = new ArrayList<>();
        ProxySelector selector = new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                asked.add(uri);
                return uri.getHost().equals("direct.example") ? List.of(Proxy.NO_PROXY)
                        : List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("p.corp", 8080)));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                // not used
            }
        };
        ProxySpec p = ProxySpec.selector(selector);

        assertThat(p.addressFor(URI.create("wss://api.example:443/x"))).hasValueSatisfying(a -> {
            assertThat(a.getHostString()).isEqualTo("p.corp");
            assertThat(a.getPort()).isEqualTo(8080);
        });
        assertThat(p.addressFor(URI.create("ws://direct.example/"))).isEmpty();
        assertThat(asked).extracting(URI::getScheme).containsExactly("https", "http");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws://192.0.2.1/", "ws://example.com/", "ws://[2001:db8::1]/", "ws://127.example.com/",
        "ws://localhost.example.com/"})
    void cleartextToRemoteHost_isRefused(String uri) {
        assertThat(ConnectSpec.builder(URI.create(uri)).build().cleartextRefused()).isTrue();
        assertThat(ConnectSpec.builder(URI.create(uri)).allowInsecureRemote(true).build().cleartextRefused())
                .isFalse();
        assertThat(ConnectSpec.builder(URI.create(uri.replace("ws://", "wss://"))).build().cleartextRefused())
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws://127.0.0.1:9/", "ws://127.1.2.3/", "ws://localhost:8080/", "ws://LOCALHOST/",
        "ws://[::1]:9/"})
    void cleartextToLoopback_isAllowed(String uri) {
        assertThat(ConnectSpec.builder(URI.create(uri)).build().cleartextRefused()).isFalse();
    }
}
