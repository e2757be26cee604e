package dev.dfx.codec.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.core.DfxMessage;
import dev.dfx.core.RequestId;
import dev.dfx.core.error.DfxProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A response body may be any JSON value (docs/protocol.md §2.2: 0501 answers with an array), issue 11. */
class AnyJsonBodyTest {
    private final JacksonBodyCodec codec = JacksonBodyCodec.create();

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void arrayBody_decodesAsObject_andDfxMessageCarriesIt() {
        String list = "[{\"ID\":\"m1\",\"TotalCount\":2},{\"ID\":\"m2\"}]";
        Object v = codec.decode(bytes(list), Object.class);
        assertThat(v).isInstanceOf(List.class);
        assertThat((List<?>) v).hasSize(2);
        assertThat(((Map<?, ?>) ((List<?>) v).get(0)).get("TotalCount")).isEqualTo(2L);

        DfxMessage m = DfxMessage.of(new RequestId("0501abcdef"), 200, bytes(list), codec);
        assertThat(m.bodyValue()).isEqualTo(v);
        assertThatThrownBy(m::body).isInstanceOf(DfxProtocolException.class).hasMessageContaining("not a JSON object");
    }

    @Test
    void scalarsAndEmptyArray_decodeAsObject() {
        assertThat(codec.decode(bytes("[]"), Object.class)).isEqualTo(List.of());
        assertThat(codec.decode(bytes("\"x\""), Object.class)).isEqualTo("x");
        assertThat(codec.decode(bytes("12"), Object.class)).isEqualTo(12L);
        assertThat(codec.decode(bytes("null"), Object.class)).isNull();
        assertThat(codec.decode(bytes("{\"a\":1}"), Object.class)).isEqualTo(Map.of("a", 1L));
    }

    @Test
    void notJson_stillFailsTyped() {
        assertThatThrownBy(() -> codec.decode(bytes("[1,"), Object.class)).isInstanceOf(DfxProtocolException.class);
        assertThatThrownBy(() -> codec.decode(bytes("[1]"), Map.class)).isInstanceOf(DfxProtocolException.class);
    }
}
