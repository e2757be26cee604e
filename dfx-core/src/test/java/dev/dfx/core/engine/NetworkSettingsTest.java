package dev.dfx.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.ProxySpec;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** Issue 12: the config's TLS and proxy settings reach the transport through the ConnectSpec, host names verified. */
class NetworkSettingsTest {

    @Test
    void sslContextProxyAndInsecureAllowance_reachTheConnectSpec_andHostNameVerificationStaysOn()
            throws NoSuchAlgorithmException {
        SSLContext tls = SSLContext.getInstance("TLS");
        ProxySpec proxy = ProxySpec.of("proxy.corp", 3128).withCredentials("kiosk", "proxy-secret");
        DfxClientConfig config = EngineFixture.config().sslContext(tls).proxy(proxy).build();

        try (EngineFixture fx = new EngineFixture(config)) {
            fx.client.connect();
            ConnectSpec spec = fx.transport.specs.get(0);

            assertThat(spec.sslContext()).isSameAs(tls);
            assertThat(spec.verifyHostname()).isTrue();
            assertThat(spec.proxy()).isEqualTo(proxy);
            assertThat(spec.allowInsecureRemote()).isFalse();
            assertThat(spec.toString()).doesNotContain("proxy-secret");
        }
        assertThat(config.toString()).doesNotContain("proxy-secret").contains("proxy.corp:3128");
        assertThat(config.toBuilder().build().sslContext()).containsSame(tls);
        assertThat(config.toBuilder().build().proxy()).contains(proxy);
    }

    @Test
    void defaults_noCustomTlsNoProxy() {
        DfxClientConfig config = EngineFixture.config().build();

        assertThat(config.sslContext()).isEmpty();
        assertThat(config.proxy()).isEmpty();
        try (EngineFixture fx = new EngineFixture(config)) {
            fx.client.connect();
            assertThat(fx.transport.specs.get(0).proxy()).isNull();
            assertThat(fx.transport.specs.get(0).sslContext()).isNull();
        }
    }

    @Test
    void insecureAllowance_isHandedToTheTransport() {
        DfxClientConfig allowed = EngineFixture.config().uri("ws://example.com/").allowInsecureRemote(true).build();

        try (EngineFixture fx = new EngineFixture(allowed)) {
            fx.client.connect();
            assertThat(fx.transport.specs.get(0).allowInsecureRemote()).isTrue();
            assertThat(fx.transport.specs.get(0).cleartextRefused()).isFalse();
        }
    }
}
