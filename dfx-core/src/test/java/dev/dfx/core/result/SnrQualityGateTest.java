package dev.dfx.core.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.dfx.core.Chunk;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.MeasurementSummary;
import dev.dfx.core.RequestId;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.body.SignalChannel;
import dev.dfx.core.result.QualityVerdict.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SNR rule of docs/protocol.md §5.3 for a 30 s measurement in 5 s chunks: cancel when SNR &lt; 0.5 at 15 s (chunk 2)
 * or in two of the remaining three chunks; do not show results when the last chunk's SNR is below 0.5. Issue 13.
 */
class SnrQualityGateTest {
    private static final double NONE = Double.NaN;

    /** A result of chunk {@code index} of six, with SNR {@code snr} (NaN: no SNR point), Multiplier 10000. */
    private static MeasurementResult result(int index, double snr) {
        Map<String, SignalChannel> channels = Double.isNaN(snr)
                ? Map.of("HR_BPM", new SignalChannel("slow/toi4", List.of(720000L), null))
                : Map.of("SNR", new SignalChannel("slow/toi4", List.of(Math.round(snr * 10000)), null));
        return new MeasurementResult("M", "M:" + index, "R" + index, 10000, channels, null,
                index == 5 ? "COMPLETE" : null);
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                arguments(named("good SNR throughout: show", new double[] {4, 4, 4, 4, 4, 4}), Decision.SHOW_RESULTS,
                        5),
                arguments(named("low before 15 s only: no rule fires", new double[] {0.1, 0.2, 3, 3, 3, 3}),
                        Decision.SHOW_RESULTS, 5),
                arguments(named("low at 15 s: cancel at chunk 2", new double[] {3, 3, 0.4, 3, 3, 3}),
                        Decision.CANCEL, 2),
                arguments(named("exactly 0.5 at 15 s is not below", new double[] {3, 3, 0.5, 3, 3, 3}),
                        Decision.SHOW_RESULTS, 5),
                arguments(named("low in chunks 3 and 4: cancel at 4", new double[] {3, 3, 3, 0.2, 0.3, 3}),
                        Decision.CANCEL, 4),
                arguments(named("low in chunk 3 only: show", new double[] {3, 3, 3, 0.2, 3, 3}),
                        Decision.SHOW_RESULTS, 5),
                arguments(named("low in chunk 4 only: show", new double[] {3, 3, 3, 3, 0.2, 3}),
                        Decision.SHOW_RESULTS, 5),
                arguments(named("low in chunks 3 and 5: the last chunk's rule, hide",
                        new double[] {3, 3, 3, 0.2, 3, 0.1}), Decision.HIDE_RESULTS, 5),
                arguments(named("low on the last chunk only: hide", new double[] {3, 3, 3, 3, 3, 0.49}),
                        Decision.HIDE_RESULTS, 5),
                arguments(named("sentinel -100 at 15 s: cancel", new double[] {3, 3, -100, 3, 3, 3}),
                        Decision.CANCEL, 2),
                arguments(named("sentinels -90 then -91 after 15 s: cancel", new double[] {3, 3, 3, -90, -91, 3}),
                        Decision.CANCEL, 4),
                arguments(named("sentinel -91 on the last chunk: hide", new double[] {3, 3, 3, 3, 3, -91}),
                        Decision.HIDE_RESULTS, 5),
                arguments(named("sentinel -100 before 15 s only: no rule fires", new double[] {-100, 3, 3, 3, 3, 3}),
                        Decision.SHOW_RESULTS, 5),
                arguments(named("no SNR point anywhere: no evidence, show",
                        new double[] {NONE, NONE, NONE, NONE, NONE, NONE}), Decision.SHOW_RESULTS, 5));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void rulesOfSection5_3(double[] snrByChunk, Decision expected, int decidedAt) {
        SnrQualityGate gate = SnrQualityGate.create();
        List<QualityVerdict> verdicts = new ArrayList<>();
        for (int i = 0; i < snrByChunk.length; i++) {
            verdicts.add(gate.evaluate(result(i, snrByChunk[i])));
        }

        int firstFinal = -1;
        for (int i = 0; i < verdicts.size(); i++) {
            if (verdicts.get(i).isFinal()) {
                firstFinal = i;
                break;
            }
        }
        assertThat(firstFinal).as("chunk of the first final verdict").isEqualTo(decidedAt);
        assertThat(verdicts.subList(0, decidedAt)).allSatisfy(v -> assertThat(v.decision())
                .isEqualTo(Decision.CONTINUE));
        QualityVerdict v = gate.verdict();
        assertThat(v.decision()).isEqualTo(expected);
        assertThat(v.chunkIndex()).isEqualTo(decidedAt);
        assertThat(v.reason()).contains("§5.3");
        assertThat(v.passed()).isEqualTo(expected == Decision.SHOW_RESULTS);
    }

    @Test
    void sentinel_isNamedInTheVerdict() {
        SnrQualityGate gate = SnrQualityGate.create();
        gate.evaluate(result(0, 3));
        gate.evaluate(result(1, 3));

        QualityVerdict v = gate.evaluate(result(2, -100));

        assertThat(v.snr()).isEqualTo(-100.0);
        assertThat(v.sentinel()).contains(SnrSentinel.WHOLE_MEASUREMENT_TOO_LOW);
        assertThat(v.reason()).contains("WHOLE_MEASUREMENT_TOO_LOW");
        assertThat(SnrSentinel.of(-90)).contains(SnrSentinel.FACE_TRACKER_LIVENESS);
        assertThat(SnrSentinel.of(-91)).contains(SnrSentinel.TOI_LIVENESS);
        assertThat(SnrSentinel.of(-0.01)).isEmpty();
    }

    /** A LIVENESS_ERROR result may carry the sentinel as raw Data; it is the sentinel whatever the Multiplier. */
    @Test
    void rawSentinelData_isReadAsTheSentinel() {
        MeasurementResult r = new MeasurementResult("M", "M:2", "R", 10000,
                Map.of("SNR", new SignalChannel("", List.of(-100L), null)), null, null);

        assertThat(SnrQualityGate.snrOf(r)).isEqualTo(-100.0);
    }

    @Test
    void absentMultiplier_isOne() {
        MeasurementResult r = new MeasurementResult("M", "M:2", "R", 0,
                Map.of("SNR", new SignalChannel("", List.of(4L), null)), null, null);

        assertThat(SnrQualityGate.snrOf(r)).isEqualTo(4.0);
    }

    @Test
    void finalVerdict_isKept() {
        SnrQualityGate gate = SnrQualityGate.create();
        for (int i = 0; i < 2; i++) {
            gate.evaluate(result(i, 3));
        }
        QualityVerdict cancel = gate.evaluate(result(2, 0.1));

        assertThat(gate.evaluate(result(3, 5))).isSameAs(cancel);
        assertThat(gate.evaluate(result(5, 5))).isSameAs(cancel);
    }

    @Test
    void repeatedChunkIndex_countsOnce() {
        SnrQualityGate gate = SnrQualityGate.create();
        for (int i = 0; i < 3; i++) {
            gate.evaluate(result(i, 3));
        }
        gate.evaluate(result(3, 0.1));

        assertThat(gate.evaluate(result(3, 0.1)).decision()).isEqualTo(Decision.CONTINUE);
        assertThat(gate.evaluate(result(4, 0.1)).decision()).isEqualTo(Decision.CANCEL);
    }

    /** Results without MeasurementDataID (§5.3: clients must tolerate it) are indexed by arrival. */
    @Test
    void resultsWithoutChunkIndex_countByArrival() {
        SnrQualityGate gate = SnrQualityGate.create();
        MeasurementResult noId = new MeasurementResult("M", null, "R", 10000,
                Map.of("SNR", new SignalChannel("", List.of(1000L), null)), null, null);

        assertThat(gate.evaluate(noId).chunkIndex()).isEqualTo(0);
        assertThat(gate.evaluate(noId).chunkIndex()).isEqualTo(1);
        QualityVerdict third = gate.evaluate(noId);
        assertThat(third.chunkIndex()).isEqualTo(2);
        assertThat(third.decision()).isEqualTo(Decision.CANCEL);
    }

    @Test
    void resultWithStatusId_isTheLastChunk() {
        SnrQualityGate gate = SnrQualityGate.forChunkCount(12);
        MeasurementResult fin = new MeasurementResult("M", "M:3", "R", 10000,
                Map.of("SNR", new SignalChannel("", List.of(1000L), null)), null, "COMPLETE");

        assertThat(gate.evaluate(fin).decision()).isEqualTo(Decision.HIDE_RESULTS);
    }

    @Test
    void badInput_failsFast() {
        assertThatThrownBy(() -> SnrQualityGate.forChunkCount(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunkCount");
        assertThatThrownBy(() -> SnrQualityGate.create().evaluate(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("result");
        assertThat(SnrQualityGate.create().verdict().chunkIndex()).isEqualTo(-1);
    }

    @Test
    void watch_cancelsTheStreamOnACancelVerdict() throws Exception {
        FakeStream stream = new FakeStream(6);
        CompletableFuture<QualityVerdict> outcome = SnrQualityGate.watch(stream);

        stream.emit(result(0, 3));
        stream.emit(result(1, 3));
        assertThat(outcome).isNotDone();
        stream.emit(result(2, 0.2));

        assertThat(outcome.get(5, TimeUnit.SECONDS).decision()).isEqualTo(Decision.CANCEL);
        assertThat(stream.cancelled).isTrue();
    }

    @Test
    void watch_completesWithShowResults_andLeavesTheStreamAlone() throws Exception {
        FakeStream stream = new FakeStream(6);
        CompletableFuture<QualityVerdict> outcome = SnrQualityGate.watch(stream);
        for (int i = 0; i < 6; i++) {
            stream.emit(result(i, 2));
        }

        assertThat(outcome.get(5, TimeUnit.SECONDS).decision()).isEqualTo(Decision.SHOW_RESULTS);
        assertThat(stream.cancelled).isFalse();
    }

    @Test
    void watch_streamFailure_failsTheOutcome() {
        FakeStream stream = new FakeStream(6);
        CompletableFuture<QualityVerdict> outcome = SnrQualityGate.watch(stream);

        stream.subscriber.onError(new IllegalStateException("boom"));

        assertThat(outcome).isCompletedExceptionally();
    }

    /** A measurement stream whose results the test pushes synchronously. */
    private static final class FakeStream implements MeasurementStream {
        private final int chunks;
        Flow.Subscriber<? super MeasurementResult> subscriber;
        long demand;
        boolean cancelled;

        FakeStream(int chunks) {
            this.chunks = chunks;
        }

        void emit(MeasurementResult r) {
            assertThat(demand).isPositive();
            demand--;
            subscriber.onNext(r);
        }

        @Override
        public String measurementId() {
            return "M";
        }

        @Override
        public int chunkCount() {
            return chunks;
        }

        @Override
        public RequestId subscriptionId() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> subscribed() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<ChunkAck> send(Chunk chunk) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Flow.Publisher<MeasurementResult> results() {
            return s -> {
                subscriber = s;
                s.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                        demand = n;
                    }

                    @Override
                    public void cancel() {
                        demand = 0;
                    }
                });
            };
        }

        @Override
        public CompletableFuture<MeasurementSummary> completion() {
            return new CompletableFuture<>();
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
