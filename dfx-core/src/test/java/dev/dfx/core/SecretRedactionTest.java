package dev.dfx.core;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.core.body.AddDataRequest;
import dev.dfx.core.body.LoginRequest;
import dev.dfx.core.port.ConnectSpec;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** docs/style.md §5: no message or {@code toString()} ever contains a token or payload bytes. */
class SecretRedactionTest {

    /** A JWT-like token: long enough that it cannot appear in a {@code toString()} by chance. */
    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('-', '_', '.').ofMinLength(12).ofMaxLength(200).map(s -> "eyJ" + s);
    }

    @Property(tries = 300)
    void config_toString_neverShowsEitherToken(@ForAll("tokens") String user, @ForAll("tokens") String device) {
        DfxClientConfig config = DfxClientConfig.builder().userToken(user).deviceToken(device).headerAuth(true)
                .build();

        assertThat(config.toString()).doesNotContain(user).doesNotContain(device)
                .contains("userToken=<redacted>", "deviceToken=<redacted>");
        assertThat(config.toBuilder().build().toString()).doesNotContain(user).doesNotContain(device);
        assertThat(config.token()).isEqualTo(user);
    }

    @Test
    void config_toString_saysNoneForAMissingToken() {
        DfxClientConfig config = DfxClientConfig.builder().deviceToken("eyJdevice-only-token").build();

        assertThat(config.toString()).contains("userToken=none", "deviceToken=<redacted>")
                .doesNotContain("eyJdevice-only-token");
    }

    @Property(tries = 300)
    void loginRequest_toString_neverShowsTheToken(@ForAll("tokens") String token) {
        LoginRequest login = new LoginRequest(token);

        assertThat(login.toString()).isEqualTo("LoginRequest[token=<redacted>]");
        assertThat(login.token()).isEqualTo(token);
    }

    @Test
    void loginRequest_blankOrNullToken_isRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new LoginRequest(" \t ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token must not be blank");
        assertThatThrownBy(() -> new LoginRequest(null)).isInstanceOf(NullPointerException.class).hasMessage("token");
    }

    @Property(tries = 300)
    void connectSpec_withAuthorizationHeader_neverShowsTheToken(@ForAll("tokens") String token) {
        ConnectSpec spec = ConnectSpec.builder(URI.create("wss://api.deepaffex.ai"))
                .header("Authorization", "Bearer " + token).build();

        assertThat(spec.toString()).doesNotContain(token).contains("Authorization");
    }

    @Property(tries = 300)
    void addDataRequest_toString_showsSizesNotPayloadOrMetaBytes(
            @ForAll @Size(min = 8, max = 200) byte[] payload, @ForAll @Size(min = 8, max = 50) byte[] meta) {
        // Printable, recognisable bytes so that any leak in any rendering would show.
        byte[] p = ("PAYLOAD-" + Base64.getEncoder().encodeToString(payload)).getBytes(US_ASCII);
        byte[] m = ("META-" + Base64.getEncoder().encodeToString(meta)).getBytes(US_ASCII);
        AddDataRequest request = new AddDataRequest("M", MeasurementAction.FIRST_PROCESS, ByteBuffer.wrap(p), 0,
                0.0, 5.0, 5.0, ByteBuffer.wrap(m));

        String s = request.toString();

        assertThat(s).contains("payloadBytes=" + p.length, "metaBytes=" + m.length, "FIRST::PROCESS")
                .doesNotContain("PAYLOAD-").doesNotContain("META-")
                .doesNotContain(Base64.getEncoder().encodeToString(p))
                .doesNotContain(Arrays.toString(p).substring(0, 20));
    }
}
