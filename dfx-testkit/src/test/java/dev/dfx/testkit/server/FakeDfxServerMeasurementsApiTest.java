package dev.dfx.testkit.server;

import static dev.dfx.testkit.server.FakeDfxServerAccountsTest.KEY;
import static dev.dfx.testkit.server.FakeDfxServerAccountsTest.assertError;
import static dev.dfx.testkit.server.FakeDfxServerAccountsTest.body;
import static dev.dfx.testkit.server.FakeDfxServerAccountsTest.register;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.frame.ResponseFrame;
import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.server.WireClient.Wire;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 11, the fake server's measurement and study actions over WS (docs/protocol.md §3.3, §5.4): 0504 Create with
 * studies, 0501 List (an array body), 0500 Retrieve's shape, 0806 RetrieveSdkConfigData, and the whole life cycle
 * from a licence key to retrieved results; in memory and over a real loopback socket.
 */
class FakeDfxServerMeasurementsApiTest extends WireFixture {
    static final String STUDY = "study-7";

    WireClient loggedIn(Wire wire, Consumer<FakeDfxServer.Builder> config) {
        startWire(wire, b -> config.accept(b.license(KEY)));
        assertThat(client.call("0705", register(KEY)).status()).isEqualTo(200);
        return client;
    }

    static String create(String study) {
        return "{\"StudyID\":\"" + study + "\",\"Resolution\":0}";
    }

    static String chunk(String id, String action) {
        return "{\"Params\":{\"ID\":\"" + id + "\"},\"Action\":\"" + action + "\",\"Payload\":\"AAEC\"}";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object e) {
        return (Map<String, Object>) e;
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(ResponseFrame f) {
        return FakeDfxServerAccountsTest.JSON.readValue(StandardCharsets.UTF_8.decode(f.body()).toString(),
                List.class);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void lifeCycle_registerCreateSubscribeStreamResultsRetrieveList(Wire wire) {
        WireClient c = loggedIn(wire, b -> b.studies(STUDY));

        String id = (String) body(c.call("0504", create(STUDY))).get("ID");
        assertThat(c.call("0510", "{\"Params\":{\"ID\":\"" + id + "\"},\"RequestID\":\"STRM001010\"}").status())
                .isEqualTo(200);
        ResponseFrame ack0 = c.call("0506", chunk(id, "FIRST::PROCESS"));
        ResponseFrame result0 = c.next();
        ResponseFrame ack1 = c.call("0506", chunk(id, "LAST::PROCESS"));
        ResponseFrame result1 = c.next();
        Map<String, Object> retrieved = body(c.call("0500", "{\"Params\":{\"ID\":\"" + id + "\"}}"));
        List<Object> listed = array(c.call("0501", "{\"Params\":{\"Limit\":10}}"));

        assertThat(body(ack0)).containsEntry("ChunkOrder", 0);
        assertThat(body(ack1)).containsEntry("ChunkOrder", 1);
        assertThat(result0.requestId().value()).isEqualTo("STRM001010");
        assertThat(body(result1)).containsEntry("StatusID", "COMPLETE").containsEntry("MeasurementID", id);
        assertThat(retrieved).containsEntry("ID", id).containsEntry("StatusID", "COMPLETE")
                .containsEntry("StudyID", STUDY).containsEntry("Resolution", 0).containsKeys("Results", "Created");
        assertThat(listed).singleElement().satisfies(e -> assertThat(map(e)).containsEntry("ID", id)
                .containsEntry("TotalCount", 1).containsEntry("StatusID", "COMPLETE"));
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void create_withKnownStudies_refusesAnUnknownOrMissingStudyAndABadResolution(Wire wire) {
        WireClient c = loggedIn(wire, b -> b.studies(STUDY));

        assertError(c.call("0504", create("other")), 404, "INVALID_STUDY");
        assertError(c.call("0504", "{\"Resolution\":0}"), 400, "INVALID_REQUEST");
        assertError(c.call("0504", "{\"StudyID\":\"" + STUDY + "\",\"Resolution\":7}"), 400, "INVALID_REQUEST");
        ResponseFrame full = c.call("0504", "{\"StudyID\":\"" + STUDY + "\",\"Resolution\":100}");
        assertThat(full.status()).isEqualTo(200);
        String id = (String) body(full).get("ID");
        assertThat(body(c.call("0500", "{\"Params\":{\"ID\":\"" + id + "\"}}"))).containsEntry("Resolution", 100)
                .containsEntry("StatusID", "CAPTURING");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void create_withoutKnownStudies_acceptsAnyStudy(Wire wire) {
        WireClient c = loggedIn(wire, b -> { });

        assertThat(c.call("0504", create("anything")).status()).isEqualTo(200);
        assertThat(c.call("0504", "{}").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void list_isAnArrayNewestFirst_withTotalCountLimitOffsetAndStudyFilter(Wire wire) {
        WireClient c = loggedIn(wire, b -> b.studies(STUDY, "s2"));
        assertThat(array(c.call("0501", "{}"))).as("nothing yet: []").isEmpty();
        String a = (String) body(c.call("0504", create(STUDY))).get("ID");
        String b = (String) body(c.call("0504", create("s2"))).get("ID");
        String d = (String) body(c.call("0504", create(STUDY))).get("ID");

        List<Object> all = array(c.call("0501", "{}"));
        List<Object> limited = array(c.call("0501", "{\"Params\":{\"Limit\":2}}"));
        List<Object> offset = array(c.call("0501", "{\"Query\":{\"Offset\":1,\"Limit\":1}}"));
        List<Object> study = array(c.call("0501", "{\"Query\":{\"StudyID\":\"" + STUDY + "\"}}"));

        assertThat(all).extracting(e -> (Object) ((Map<?, ?>) e).get("ID")).containsExactly(d, b, a);
        assertThat(all).allSatisfy(e -> assertThat(map(e)).containsEntry("TotalCount", 3)
                .containsKeys("StudyID", "StatusID", "Resolution", "Created", "Updated"));
        assertThat(limited).extracting(e -> (Object) ((Map<?, ?>) e).get("ID")).containsExactly(d, b);
        assertThat(((Map<?, ?>) limited.get(0)).get("TotalCount")).isEqualTo(3);
        assertThat(offset).extracting(e -> (Object) ((Map<?, ?>) e).get("ID")).containsExactly(b);
        assertThat(study).extracting(e -> (Object) ((Map<?, ?>) e).get("ID")).containsExactly(d, a);
        assertThat(((Map<?, ?>) study.get(0)).get("TotalCount")).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void sdkConfig_givesTheFileAndItsMd5_then304WhenTheHashIsCurrent_unknownStudy404(Wire wire) throws Exception {
        WireClient c = loggedIn(wire, b -> b.studies(STUDY));

        ResponseFrame r = c.call("0806", "{\"StudyID\":\"" + STUDY + "\",\"SDKID\":\"sdk-1\",\"MD5Hash\":\"\"}");
        Map<String, Object> b = body(r);
        byte[] file = Base64.getDecoder().decode((String) b.get("ConfigFile"));
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(file));
        ResponseFrame current = c.call("0806", "{\"StudyID\":\"" + STUDY + "\",\"SDKID\":\"sdk-1\",\"MD5Hash\":\""
                + md5.toUpperCase(java.util.Locale.ROOT) + "\"}");
        ResponseFrame stale = c.call("0806", "{\"StudyID\":\"" + STUDY + "\",\"SDKID\":\"sdk-1\",\"MD5Hash\":\"00\"}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(file).isNotEmpty();
        assertThat(b.get("MD5Hash")).isEqualTo(md5);
        assertThat(current.status()).isEqualTo(304);
        assertThat(body(current)).isEmpty();
        assertThat(stale.status()).isEqualTo(200);
        assertError(c.call("0806", "{\"StudyID\":\"nope\"}"), 404, "INVALID_STUDY");
        assertError(c.call("0806", "{}"), 400, "INVALID_REQUEST");
    }
}
