package dev.dfx.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ActionId}: the ids of docs/protocol.md §3, lookup, and code validation. */
class ActionIdTest {
    /** Every id docs/protocol.md §3 lists (§3.1, §3.2 and §3.3). */
    private static final Set<String> PROTOCOL_IDS = Set.of("0100", "0101", "0107", "0108", "0200", "0201", "0400",
            "0500", "0504", "0506", "0510", "0700", "0705", "0718", "0800", "0806", "0900", "1100", "1200", "1300",
            "1400", "2300", "2304");

    @ParameterizedTest(name = "{0} is {1}.{2}")
    @CsvSource({
        "0100, General, Status",
        "0101, General, ListAcceptedMimeTypes",
        "0107, General, VerifyToken",
        "0108, General, Regions",
        "0200, Users, Create",
        "0201, Users, Login",
        "0400, Profiles, Create",
        "0500, Measurements, Retrieve",
        "0504, Measurements, Create",
        "0506, Measurements, AddData",
        "0510, Measurements, Subscribe",
        "0700, Organizations, Retrieve",
        "0705, Organizations, RegisterLicense",
        "0718, Organizations, LoginWithToken",
        "0800, Studies, Types",
        "0806, Studies, RetrieveSdkConfigData",
        "0900, Devices, Types",
        "1100, Templates, ListTemplates",
        "1200, OrganizationsPrivate, List",
        "1300, Reports, ReportReady",
        "1400, Licenses, CreateLicenseAllowedStudy",
        "2300, Auths, RequestResetPasswordLink",
        "2304, Auths, Renew",
    })
    void of_protocolId_isKnownWithGroupAndName(String code, String group, String name) {
        ActionId id = ActionId.of(code);

        assertThat(id.isKnown()).isTrue();
        assertThat(id.code()).isEqualTo(code);
        assertThat(id.group()).isEqualTo(group);
        assertThat(id.name()).isEqualTo(name);
        assertThat(id.qualifiedName()).isEqualTo(group + "." + name);
        assertThat(id).hasToString(code + " " + group + "." + name);
        assertThat(ActionId.lookup(code)).containsSame(id);
    }

    @Test
    void known_listsExactlyTheProtocolIdsInCodeOrder() {
        var codes = ActionId.known().stream().map(ActionId::code).collect(Collectors.toList());

        assertThat(codes).containsExactlyInAnyOrderElementsOf(PROTOCOL_IDS);
        assertThat(codes).isSorted();
        assertThat(ActionId.known()).allMatch(ActionId::isKnown);
    }

    @Test
    void known_isUnmodifiable() {
        assertThatThrownBy(() -> ActionId.known().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void constants_areTheKnownInstances() {
        assertThat(ActionId.of("0506")).isSameAs(ActionId.MEASUREMENTS_ADD_DATA);
        assertThat(ActionId.of("0510")).isSameAs(ActionId.MEASUREMENTS_SUBSCRIBE);
        assertThat(ActionId.of("0718")).isSameAs(ActionId.ORGANIZATIONS_LOGIN_WITH_TOKEN);
        assertThat(ActionId.of("2304")).isSameAs(ActionId.AUTHS_RENEW);
    }

    @Property
    void of_anyOtherFourDigitCode_isRepresentableAndNotKnown(@ForAll @IntRange(min = 0, max = 9999) int n) {
        String code = String.format("%04d", n);
        ActionId id = ActionId.of(code);

        assertThat(id.code()).isEqualTo(code);
        assertThat(id.isKnown()).isEqualTo(PROTOCOL_IDS.contains(code));
        assertThat(ActionId.lookup(code).isPresent()).isEqualTo(PROTOCOL_IDS.contains(code));
        assertThat(id).isEqualTo(ActionId.of(code)).hasSameHashCodeAs(ActionId.of(code));
        if (!id.isKnown()) {
            assertThat(id.name()).isEqualTo("Unknown");
        }
    }

    @Test
    void unknownCode_inKnownGroup_keepsGroupAndUnknownName() {
        ActionId id = ActionId.of("0599");

        assertThat(id.isKnown()).isFalse();
        assertThat(id.group()).isEqualTo("Measurements");
        assertThat(id.qualifiedName()).isEqualTo("Measurements.Unknown");
        assertThat(ActionId.of("9999").group()).isEqualTo("Unknown");
    }

    @Test
    void equality_dependsOnCodeOnly() {
        assertThat(ActionId.of("0599")).isEqualTo(ActionId.of("0599")).isNotEqualTo(ActionId.of("0598"));
        assertThat(ActionId.of("0506")).isNotEqualTo("0506");
    }

    @Test
    void of_null_throwsNullPointerExceptionNamingCode() {
        assertThatThrownBy(() -> ActionId.of(null)).isInstanceOf(NullPointerException.class).hasMessage("code");
    }

    static Stream<Arguments> badCodes() {
        return Stream.of(
                Arguments.of(named("empty", "")),
                Arguments.of(named("3 chars", "050")),
                Arguments.of(named("5 chars", "05060")),
                Arguments.of(named("letter", "05a6")),
                Arguments.of(named("space", " 506")),
                Arguments.of(named("sign", "+506")),
                Arguments.of(named("Arabic-Indic digits", "\u0660\u0665\u0660\u0666")),
                Arguments.of(named("one Arabic-Indic zero", "\u0660506")),
                Arguments.of(named("fullwidth digit", "\uff10506")),
                Arguments.of(named("control char", "05\u00006")));
    }

    @ParameterizedTest
    @MethodSource("badCodes")
    void of_malformedCode_throwsIllegalArgumentExceptionNamingCode(String code) {
        assertThatThrownBy(() -> ActionId.of(code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("code ");
    }

    @ParameterizedTest
    @MethodSource("badCodes")
    void lookup_malformedCode_isEmpty(String code) {
        assertThat(ActionId.lookup(code)).isEmpty();
    }

    @Test
    void of_malformedCode_messageEscapesNonPrintableChars() {
        assertThatThrownBy(() -> ActionId.of("\u0660\u0665\u0660\u0666"))
                .hasMessageContaining("\\u0660");
    }

    @Test
    void lookup_null_isEmpty() {
        assertThat(ActionId.lookup(null)).isEmpty();
    }

    @Property
    void of_anyStringThatIsNotFourAsciiDigits_isRejected(@ForAll("notFourDigits") String code) {
        assertThatThrownBy(() -> ActionId.of(code)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("code ");
    }

    @Provide
    Arbitrary<String> notFourDigits() {
        return Arbitraries.strings().ofMaxLength(6).filter(s -> !s.matches("[0-9]{4}"));
    }
}
