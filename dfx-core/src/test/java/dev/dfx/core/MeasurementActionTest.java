package dev.dfx.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;

import dev.dfx.core.MeasurementAction.Mode;
import dev.dfx.core.MeasurementAction.Stage;
import java.util.Arrays;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** {@link MeasurementAction}: the six {@code STAGE::MODE} values of docs/protocol.md §4.2. */
class MeasurementActionTest {

    @ParameterizedTest
    @CsvSource({
        "FIRST_PROCESS, FIRST::PROCESS, FIRST, PROCESS",
        "FIRST_IGNORE, FIRST::IGNORE, FIRST, IGNORE",
        "CHUNK_PROCESS, CHUNK::PROCESS, CHUNK, PROCESS",
        "CHUNK_IGNORE, CHUNK::IGNORE, CHUNK, IGNORE",
        "LAST_PROCESS, LAST::PROCESS, LAST, PROCESS",
        "LAST_IGNORE, LAST::IGNORE, LAST, IGNORE",
    })
    void value_printsAndParsesItsWireForm(MeasurementAction action, String wire, Stage stage, Mode mode) {
        assertThat(action.wire()).isEqualTo(wire);
        assertThat(action).hasToString(wire);
        assertThat(MeasurementAction.parse(wire)).isSameAs(action);
        assertThat(action.stage()).isEqualTo(stage);
        assertThat(action.mode()).isEqualTo(mode);
        assertThat(MeasurementAction.of(stage, mode)).isSameAs(action);
        assertThat(action.producesResult()).isEqualTo(mode == Mode.PROCESS);
    }

    @Test
    void values_areExactlySixDistinctWireForms() {
        assertThat(Arrays.stream(MeasurementAction.values()).map(MeasurementAction::wire).distinct()).hasSize(6);
    }

    static Stream<Arguments> badWireForms() {
        return Stream.of(
                Arguments.of(named("lowercase", "first::process")),
                Arguments.of(named("mixed case", "First::Process")),
                Arguments.of(named("single colon", "FIRST:PROCESS")),
                Arguments.of(named("triple colon", "FIRST:::PROCESS")),
                Arguments.of(named("spaces around", " FIRST::PROCESS ")),
                Arguments.of(named("space inside", "FIRST:: PROCESS")),
                Arguments.of(named("empty", "")),
                Arguments.of(named("stage only", "FIRST::")),
                Arguments.of(named("mode only", "::PROCESS")),
                Arguments.of(named("no separator", "FIRST")),
                Arguments.of(named("enum name", "FIRST_PROCESS")),
                Arguments.of(named("unknown stage", "MIDDLE::PROCESS")),
                Arguments.of(named("unknown mode", "LAST::SKIP")),
                Arguments.of(named("control char", "LAST::PROCESS\n")));
    }

    @ParameterizedTest
    @MethodSource("badWireForms")
    void parse_anythingElse_throwsIllegalArgumentExceptionNamingTheForms(String wire) {
        assertThatThrownBy(() -> MeasurementAction.parse(wire))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("STAGE::MODE")
                .hasMessageContaining("FIRST|CHUNK|LAST")
                .hasMessageContaining("PROCESS|IGNORE");
    }

    @Test
    void parse_controlChar_isEscapedInMessage() {
        assertThatThrownBy(() -> MeasurementAction.parse("LAST::PROCESS\n")).hasMessageContaining("\\u000a");
    }

    @Test
    void parse_null_throwsNullPointerException() {
        assertThatThrownBy(() -> MeasurementAction.parse(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("wire");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void of_nullStage_throwsNullPointerException(Mode mode) {
        assertThatThrownBy(() -> MeasurementAction.of(null, mode)).isInstanceOf(NullPointerException.class)
                .hasMessage("stage");
        assertThatThrownBy(() -> MeasurementAction.of(Stage.FIRST, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("mode");
    }

    @Property
    void parse_anyStringNotAWireForm_isRejected(@ForAll String s) {
        boolean valid = Arrays.stream(MeasurementAction.values()).anyMatch(a -> a.wire().equals(s));
        if (valid) {
            assertThat(MeasurementAction.parse(s).wire()).isEqualTo(s);
        } else {
            assertThatThrownBy(() -> MeasurementAction.parse(s)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
