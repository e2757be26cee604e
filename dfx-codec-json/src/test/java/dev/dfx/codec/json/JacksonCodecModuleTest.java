package dev.dfx.codec.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.dfx.core.port.BodyCodec;
import org.junit.jupiter.api.Test;

class JacksonCodecModuleTest {
    @Test
    void module_bindsOneJacksonBodyCodec() {
        Injector injector = Guice.createInjector(new JacksonCodecModule());
        BodyCodec codec = injector.getInstance(BodyCodec.class);
        assertThat(codec).isInstanceOf(JacksonBodyCodec.class);
        assertThat(codec.subprotocol()).isEqualTo("json");
        assertThat(injector.getInstance(BodyCodec.class)).isSameAs(codec);
    }
}
