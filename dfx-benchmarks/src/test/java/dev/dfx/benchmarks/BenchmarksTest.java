package dev.dfx.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.ActionId;
import dev.dfx.core.body.AddDataRequest;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.frame.FrameCodec;
import dev.dfx.core.frame.RequestFrame;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The benchmarks measure what they claim to: each benchmark method, run once, gives the right frame or value. */
class BenchmarksTest {

    @Test
    void encodeFrame_producesAddDataFrameWhosePayloadDecodesToTheInput() {
        AddDataEncodeBenchmark b = new AddDataEncodeBenchmark();
        b.payloadBytes = 16 * 1024 + 1; // not a multiple of 3: padding on the tail
        b.setUp();

        ByteBuffer frame = b.encodeFrame();

        RequestFrame decoded = FrameCodec.decodeRequest(frame);
        assertThat(decoded.actionId()).isEqualTo(ActionId.MEASUREMENTS_ADD_DATA);
        assertThat(decoded.requestId()).isEqualTo(Fixtures.ADD_DATA_REQUEST_ID);
        AddDataRequest body = JacksonBodyCodec.create().decode(decoded.body(), AddDataRequest.class);
        assertThat(body.measurementId()).isEqualTo(Fixtures.MEASUREMENT_ID);
        assertThat(body.chunkOrder()).isEqualTo(3);
        assertThat(body.payload()).isEqualTo(ByteBuffer.wrap(Fixtures.payload(b.payloadBytes)));
    }

    @Test
    void rawBase64_isTheJdkEncodingOfTheSamePayload() {
        AddDataEncodeBenchmark b = new AddDataEncodeBenchmark();
        b.payloadBytes = 16 * 1024;
        b.setUp();

        assertThat(Base64.getDecoder().decode(b.rawBase64())).isEqualTo(Fixtures.payload(b.payloadBytes));
    }

    @Test
    void payload_isTheSameOnEveryCall() {
        assertThat(Fixtures.payload(100)).isEqualTo(Fixtures.payload(100)).hasSize(100);
    }

    @Test
    void decodeAck_returnsTheAckOfTheFixture() {
        ResponseDecodeBenchmark b = new ResponseDecodeBenchmark();
        b.setUp();

        assertThat(b.decodeAck()).isEqualTo(new ChunkAck(Fixtures.MEASUREMENT_ID + ":3", 3));
    }

    @Test
    void decodeResult_returnsEightPointsAndTheirValues() {
        ResponseDecodeBenchmark b = new ResponseDecodeBenchmark();
        b.setUp();

        MeasurementResult r = b.decodeResult();

        assertThat(r.channels()).hasSize(8);
        assertThat(r.value("HR_BPM")).isEqualTo(72.15);
        assertThat(r.chunkOrder()).hasValue(3);
        assertThat(r.isFinal()).isFalse();
    }

    @Test
    void report_showsRatioOfEncodeToRawAndAllocationPerFrameByte() {
        String enc = AddDataEncodeBenchmark.class.getName();
        String json = "[" + entry(enc + ".encodeFrame", 800, 30_000, "700, 900, 850")
                + "," + entry(enc + ".rawBase64", 1000, 21_848, "1000, 1000, 1000") + "]";

        String report = BenchmarkReport.report(List.of(json));

        int frameBytes = Fixtures.addDataFrame(JacksonBodyCodec.create(),
                ByteBuffer.wrap(Fixtures.payload(16384))).remaining();
        assertThat(report)
                .contains("| 16 KiB | " + String.format(Locale.ROOT, "%,d", frameBytes) + " |")
                .contains("| 0.80 | 0.85 | 0.90 |") // mean, median, best
                .contains(String.format(Locale.ROOT, "| %.2f |", 30_000.0 / frameBytes))
                .contains("| 16 KiB | 1 | 0.80 | 0.85 | 0.90 |"); // summary of one run
    }

    @Test
    void report_summarisesSeveralRunsByTheirMedianRatio() {
        String enc = AddDataEncodeBenchmark.class.getName();
        List<String> runs = List.of(
                "[" + entry(enc + ".encodeFrame", 500, 1, "500") + "," + entry(enc + ".rawBase64", 1000, 1, "1000") + "]",
                "[" + entry(enc + ".encodeFrame", 900, 1, "900") + "," + entry(enc + ".rawBase64", 1000, 1, "1000") + "]",
                "[" + entry(enc + ".encodeFrame", 800, 1, "800") + "," + entry(enc + ".rawBase64", 1000, 1, "1000") + "]");

        String report = BenchmarkReport.report(runs);

        assertThat(report).contains("| 16 KiB | 3 | 0.80 | 0.80 | 0.80 |").contains("met");
    }

    private static String entry(String benchmark, double opsPerSecond, double bytesPerOp, String iterations) {
        return "{\"benchmark\":\"" + benchmark + "\",\"mode\":\"thrpt\",\"params\":{\"payloadBytes\":\"16384\"},"
                + "\"primaryMetric\":{\"score\":" + opsPerSecond + ",\"scoreError\":1.0,\"scoreUnit\":\"ops/s\","
                + "\"rawData\":[[" + iterations + "]]},"
                + "\"secondaryMetrics\":{\"gc.alloc.rate.norm\":{\"score\":" + bytesPerOp + ",\"scoreError\":0.0,"
                + "\"scoreUnit\":\"B/op\"}}}";
    }
}
