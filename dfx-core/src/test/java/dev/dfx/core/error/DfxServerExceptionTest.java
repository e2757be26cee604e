package dev.dfx.core.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;
import java.util.stream.Stream;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DfxServerException#of}: server error codes of docs/protocol.md §4.5 and §6 to exception types. */
class DfxServerExceptionTest {
    private static final ActionId ADD_DATA = ActionId.MEASUREMENTS_ADD_DATA;
    private static final RequestId ID = new RequestId("0506AbCdEf");

    static Stream<Arguments> addDataCodes() {
        return Stream.of(
                Arguments.of(named("RATE_LIMIT", "RATE_LIMIT"), 429, DfxRateLimitException.class),
                Arguments.of(named("MEASUREMENT_CLOSED", "MEASUREMENT_CLOSED"), 400,
                        DfxMeasurementClosedException.class),
                Arguments.of(named("MISALIGNED_CHUNK", "MISALIGNED_CHUNK"), 400, DfxMisalignedChunkException.class),
                Arguments.of(named("INVALID_MEASUREMENT", "INVALID_MEASUREMENT"), 404,
                        DfxInvalidMeasurementException.class),
                Arguments.of(named("UNPACKER_RPC_ERROR", "UNPACKER_RPC_ERROR"), 400, DfxUnpackerException.class));
    }

    @ParameterizedTest
    @MethodSource("addDataCodes")
    void of_addDataCode_mapsToItsTypeAndKeepsEveryField(String code, int status,
                                                        Class<? extends DfxServerException> type) {
        DfxServerException e = DfxServerException.of(status, code, "try later", ADD_DATA, ID);

        assertThat(e).isExactlyInstanceOf(type);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.serverMessage()).isEqualTo("try later");
        assertThat(e.actionId()).isSameAs(ADD_DATA);
        assertThat(e.requestId()).isEqualTo(ID);
        assertThat(e.getMessage()).isEqualTo(code + " (status " + status + ", action 0506, request 0506AbCdEf)"
                + ": try later");
    }

    @ParameterizedTest
    @MethodSource("addDataCodes")
    void of_addDataCode_mapsByCodeWhateverTheStatus(String code, int ignored,
                                                   Class<? extends DfxServerException> type) {
        // docs/protocol.md §4.5: the statuses are not published, so the code decides.
        assertThat(DfxServerException.of(400, code, null, null, null)).isExactlyInstanceOf(type);
        assertThat(DfxServerException.of(500, code, null, null, null)).isExactlyInstanceOf(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"INVALID_TOKEN", "TOKEN_EXPIRED", "UNAUTHORIZED", "", "SOMETHING_NEW"})
    void of_status401_isAuthenticationException(String code) {
        DfxServerException e = DfxServerException.of(401, code, "no", ActionId.ORGANIZATIONS_LOGIN_WITH_TOKEN, null);

        assertThat(e).isExactlyInstanceOf(DfxAuthenticationException.class);
        assertThat(e.code()).isEqualTo(code);
        assertThat(((DfxAuthenticationException) e).tokenExpired()).isEqualTo(code.equals("TOKEN_EXPIRED"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"INVALID_TOKEN", "TOKEN_EXPIRED"})
    void of_tokenCodeWithOtherStatus_isAuthenticationException(String code) {
        assertThat(DfxServerException.of(400, code, null, null, null))
                .isExactlyInstanceOf(DfxAuthenticationException.class);
        assertThat(DfxServerException.of(403, code, null, null, null))
                .isExactlyInstanceOf(DfxAuthenticationException.class);
    }

    @Test
    void of_tokenExpired_saysSo() {
        DfxAuthenticationException e = (DfxAuthenticationException) DfxServerException.of(401, "TOKEN_EXPIRED",
                "expired", null, null);

        assertThat(e.tokenExpired()).isTrue();
        assertThat(e).isInstanceOf(DfxServerException.class).isInstanceOf(DfxException.class);
    }

    @Property
    void of_unknownCode_keepsItsTextInAPlainServerException(
            @ForAll @AlphaChars @StringLength(min = 1, max = 30) String code,
            @ForAll @IntRange(min = 400, max = 599) int status) {
        Assume.that(status != 401);
        String c = "X_" + code;

        DfxServerException e = DfxServerException.of(status, c, "msg", ADD_DATA, ID);

        assertThat(e).isExactlyInstanceOf(DfxServerException.class);
        assertThat(e.code()).isEqualTo(c);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.getMessage()).startsWith(c + " (status " + status);
        assertThat(e.isServerSide()).isEqualTo(status >= 500);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOT_FOUND", "rate_limit", "RESTRICTED_ACCESS"})
    void of_documentedButUnmodelledCode_isPlainServerExceptionKeepingCode(String code) {
        DfxServerException e = DfxServerException.of(403, code, null, null, null);

        assertThat(e).isExactlyInstanceOf(DfxServerException.class);
        assertThat(e.code()).isEqualTo(code);
    }

    /** Issue 11: licence refusals are typed and their message says what to do. */
    @ParameterizedTest
    @ValueSource(strings = {"LICENSE_EXPIRED", "INACTIVE_LICENSE", "INACTIVE_DEVICE", "INVALID_LICENSE"})
    void of_licenceCodes_areLicenceExceptionsThatSayWhatToDo(String code) {
        DfxServerException e = DfxServerException.of(403, code, "m", null, null);

        assertThat(e).isExactlyInstanceOf(DfxLicenseException.class);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).containsAnyOf("renew it", "activate it", "register it again", "check the key");
    }

    /** Issue 11 / docs/protocol.md §8 Q13: an unknown action's 400 INCORRECT_REQUEST is "not supported". */
    @Test
    void of_incorrectRequest400_isUnsupportedAction() {
        DfxServerException e = DfxServerException.of(400, "INCORRECT_REQUEST", "Invalid Route Number", null, null);

        assertThat(e).isExactlyInstanceOf(DfxUnsupportedActionException.class);
        assertThat(e.getMessage()).contains("not supported by this server");
    }

    @Test
    void of_missingCodeAndMessage_areEmptyAndMessageSaysServerError() {
        DfxServerException e = DfxServerException.of(500, null, null, null, null);

        assertThat(e).isExactlyInstanceOf(DfxServerException.class);
        assertThat(e.code()).isEmpty();
        assertThat(e.serverMessage()).isEmpty();
        assertThat(e.actionId()).isNull();
        assertThat(e.requestId()).isNull();
        assertThat(e.getMessage()).isEqualTo("server error (status 500)");
        assertThat(e.isServerSide()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 429, 499, 600, 999})
    void isServerSide_onlyFor5xx(int status) {
        assertThat(DfxServerException.of(status, "X", null, null, null).isServerSide()).isFalse();
    }

    @Test
    void tree_hasOneUncheckedRoot() {
        assertThat(new DfxTransportException("io", null, true)).isInstanceOf(DfxException.class);
        assertThat(new DfxHandshakeException(401, "no", null)).isInstanceOf(DfxTransportException.class);
        assertThat(new DfxConnectionClosedException(1000, "", true)).isInstanceOf(DfxException.class);
        assertThat(new DfxTimeoutException("login", java.time.Duration.ofSeconds(1)))
                .isInstanceOf(DfxException.class);
        assertThat(new DfxProtocolException("bad")).isInstanceOf(DfxException.class);
        assertThat(new DfxException("x")).isInstanceOf(RuntimeException.class);
    }
}
