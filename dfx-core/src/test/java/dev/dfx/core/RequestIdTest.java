package dev.dfx.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link RequestId}: the JS form of docs/protocol.md §2.1, validation, action recovery. */
class RequestIdTest {

    @Test
    void random_withSeededGenerator_isDeterministic() {
        List<RequestId> a = new ArrayList<>();
        List<RequestId> b = new ArrayList<>();
        RandomGenerator ra = new SplittableRandom(42);
        RandomGenerator rb = new SplittableRandom(42);
        for (int i = 0; i < 50; i++) {
            a.add(RequestId.random(ActionId.MEASUREMENTS_ADD_DATA, ra));
            b.add(RequestId.random(ActionId.MEASUREMENTS_ADD_DATA, rb));
        }

        assertThat(a).isEqualTo(b);
        assertThat(new HashSet<>(a)).as("50 ids from one generator").hasSizeGreaterThan(45);
    }

    @Test
    void random_usesTheGeneratorForEachOfTheSixLetters() {
        // A generator that always answers 0 picks 'A'; one that answers the top index picks 'z'.
        RandomGenerator zeros = new FixedGenerator(0);
        RandomGenerator tops = new FixedGenerator(51);

        assertThat(RequestId.random(ActionId.ORGANIZATIONS_LOGIN_WITH_TOKEN, zeros).value()).isEqualTo("0718AAAAAA");
        assertThat(RequestId.random(ActionId.MEASUREMENTS_SUBSCRIBE, tops).value()).isEqualTo("0510zzzzzz");
    }

    @Property
    void random_hasJsForm_actionCodePlusSixLetters(@ForAll @IntRange(min = 0, max = 9999) int code,
                                                    @ForAll long seed) {
        ActionId action = ActionId.of(String.format("%04d", code));

        RequestId id = RequestId.random(action, new SplittableRandom(seed));

        assertThat(id.value()).hasSize(RequestId.LENGTH).startsWith(action.code()).matches("[0-9]{4}[A-Za-z]{6}");
        assertThat(id.action()).contains(action);
        assertThat(id).hasToString(id.value());
    }

    @Test
    void random_nullArguments_throwNullPointerExceptionNamingThem() {
        RandomGenerator r = new SplittableRandom(1);
        assertThatThrownBy(() -> RequestId.random(null, r)).isInstanceOf(NullPointerException.class)
                .hasMessage("action");
        assertThatThrownBy(() -> RequestId.random(ActionId.GENERAL_STATUS, null))
                .isInstanceOf(NullPointerException.class).hasMessage("random");
    }

    @Property
    void constructor_anyTenPrintableAsciiChars_isAccepted(
            @ForAll @StringLength(10) @CharRange(from = ' ', to = '~') String value) {
        RequestId id = new RequestId(value);

        assertThat(id.value()).isEqualTo(value);
        assertThat(id).isEqualTo(new RequestId(value));
    }

    @Test
    void constructor_null_throwsNullPointerExceptionNamingValue() {
        assertThatThrownBy(() -> new RequestId(null)).isInstanceOf(NullPointerException.class).hasMessage("value");
    }

    static Stream<Arguments> badLengths() {
        return Stream.of(
                Arguments.of(named("empty", "")),
                Arguments.of(named("9 chars", "0506AbCdE")),
                Arguments.of(named("11 chars", "0506AbCdEfG")));
    }

    @ParameterizedTest
    @MethodSource("badLengths")
    void constructor_wrongLength_throwsIllegalArgumentException(String value) {
        assertThatThrownBy(() -> new RequestId(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("value must be 10 characters");
    }

    static Stream<Arguments> nonPrintable() {
        return Stream.of(
                Arguments.of(named("NUL", "0506AbCdE\u0000")),
                Arguments.of(named("tab", "0506\tbCdEf")),
                Arguments.of(named("DEL", "0506AbCdE\u007f")),
                Arguments.of(named("Latin-1", "0506AbCd\u00e9f")),
                Arguments.of(named("Arabic-Indic digit", "\u0660506AbCdEf")));
    }

    @ParameterizedTest
    @MethodSource("nonPrintable")
    void constructor_nonPrintableOrNonAscii_throwsIllegalArgumentException(String value) {
        assertThatThrownBy(() -> new RequestId(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("value must be printable ASCII");
    }

    @Test
    void action_jsForm_recoversTheAction() {
        assertThat(new RequestId("0718mKqTzB").action()).containsSame(ActionId.ORGANIZATIONS_LOGIN_WITH_TOKEN);
        assertThat(new RequestId("0506AbCdEf").action()).containsSame(ActionId.MEASUREMENTS_ADD_DATA);
        assertThat(new RequestId("9876AbCdEf").action()).hasValueSatisfying(a -> {
            assertThat(a.code()).isEqualTo("9876");
            assertThat(a.isKnown()).isFalse();
        });
    }

    @Test
    void action_pythonFormOrOtherPrefix_isEmpty() {
        // docs/protocol.md §2.1: [PY] uses 10 random letters, [PB] 10 hex chars; neither names an action.
        assertThat(new RequestId("kQzXaBcDeF").action()).isEmpty();
        assertThat(new RequestId("05a6b7c8d9").action()).isEmpty();
        assertThat(new RequestId(" 506AbCdEf").action()).isEmpty();
    }

    /** A generator whose {@code nextInt(bound)} always answers one value. */
    private static final class FixedGenerator implements RandomGenerator {
        private final int value;

        FixedGenerator(int value) {
            this.value = value;
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("only nextInt(bound) is expected");
        }

        @Override
        public int nextInt(int bound) {
            return value;
        }
    }
}
