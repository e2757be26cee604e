package dev.dfx.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.auth.Credentials;
import dev.dfx.core.auth.DfxRegion;
import dev.dfx.core.auth.TokenPair;
import dev.dfx.core.auth.TokenStore;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Credentials in the config and the region rule of docs/protocol.md §1.1 (issue 11). */
class CredentialsConfigTest {
    private static final Credentials.License LICENSE = new Credentials.License("LIC-cfg-secret", "LINUX", "n", "i",
            "v", Duration.ofHours(1));

    @Test
    void credentialsConfig_validates_andHidesTheKey() {
        DfxClientConfig c = DfxClientConfig.builder().credentials(LICENSE).build();
        assertThat(c.token()).isNull();
        assertThat(c.credentials()).contains(LICENSE);
        assertThat(c.renewAt()).isEqualTo(0.8);
        assertThat(c.uriSet()).isFalse();
        assertThat(c.toString()).doesNotContain("LIC-cfg-secret");
        assertThatIllegalArgumentException().isThrownBy(() -> DfxClientConfig.builder().credentials(LICENSE)
                .deviceToken("t").build()).withMessageContaining("not both");
        assertThatIllegalArgumentException().isThrownBy(() -> DfxClientConfig.builder().credentials(LICENSE)
                .renewAt(1.0).build()).withMessageContaining("renewAt");
        assertThatIllegalArgumentException().isThrownBy(() -> DfxClientConfig.builder().build())
                .withMessageContaining("credentials");
        // the plain token path still works as before
        assertThat(DfxClientConfig.builder().deviceToken("dt").build().token()).isEqualTo("dt");
    }

    @Test
    void regionPreset_setsTheUri() {
        DfxClientConfig c = DfxClientConfig.builder().credentials(LICENSE).region(DfxRegion.EU_CENTRAL).build();
        assertThat(c.uri()).isEqualTo(URI.create("wss://api.eu-central.deepaffex.ai"));
        assertThat(c.uriSet()).isTrue();
    }

    @Test
    void noUri_hostComesFromTheStoredTokensRegion_elseGlobal() {
        TokenStore store = TokenStore.inMemory();
        store.save(new TokenPair(FakeWire.jwt("d", 0, 4_000_000_000L, "as-east"), "r"));
        try (EngineFixture fx = new EngineFixture(DfxClientConfig.builder().credentials(LICENSE).tokenStore(store)
                .heartbeatInterval(Duration.ZERO).build())) {
            assertThat(fx.client.uri()).isEqualTo(DfxRegion.AS_EAST.uri());
        }
        try (EngineFixture fx = new EngineFixture(DfxClientConfig.builder().credentials(LICENSE)
                .heartbeatInterval(Duration.ZERO).build())) {
            assertThat(fx.client.uri()).isEqualTo(DfxRegion.GLOBAL.uri());
        }
        try (EngineFixture fx = new EngineFixture(DfxClientConfig.builder().credentials(LICENSE).tokenStore(store)
                .uri("ws://127.0.0.1:9/").heartbeatInterval(Duration.ZERO).build())) {
            assertThat(fx.client.uri()).isEqualTo(URI.create("ws://127.0.0.1:9/"));
        }
    }
}
