package dev.dfx.codec.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The UTF-8 check agrees with the JDK's strict decoder. */
class Utf8Test {
    private static boolean jdkAccepts(byte[] a) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(a));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Property(tries = 2000)
    void randomBytes_sameVerdictAsJdk(@ForAll @Size(max = 12) byte[] a) {
        assertThat(Utf8.isValid(a, 0, a.length)).isEqualTo(jdkAccepts(a));
    }

    @Property(tries = 500)
    void encodedStrings_areValid(@ForAll String s) {
        byte[] a = s.getBytes(StandardCharsets.UTF_8);
        // unpaired surrogates are written as '?', so every such array is well-formed
        assertThat(Utf8.isValid(a, 0, a.length)).isTrue();
    }

    @Example
    void edgeCases_matchRfc3629() {
        assertThat(Utf8.isValid(new byte[] {(byte) 0xc0, (byte) 0x80}, 0, 2)).as("overlong NUL").isFalse();
        assertThat(Utf8.isValid(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, 0, 3)).as("surrogate").isFalse();
        assertThat(Utf8.isValid(new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, 0, 4))
                .as("above U+10FFFF").isFalse();
        assertThat(Utf8.isValid(new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80}, 0, 4))
                .as("U+1F600").isTrue();
        assertThat(Utf8.isValid(new byte[] {'x', (byte) 0xe9, 'y'}, 0, 3)).as("Latin-1 e-acute").isFalse();
        assertThat(Utf8.isValid(new byte[] {'x', (byte) 0xe9, 'y'}, 0, 1)).as("range only").isTrue();
    }
}
