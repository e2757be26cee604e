package dev.dfx.core.measurement;

import static dev.dfx.core.MeasurementAction.Mode.IGNORE;
import static dev.dfx.core.MeasurementAction.Mode.PROCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.core.MeasurementAction;
import dev.dfx.core.MeasurementAction.Mode;
import dev.dfx.core.MeasurementAction.Stage;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.error.DfxProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ChunkSequencer}: the chunk order of docs/protocol.md §4.2-4.4. */
class ChunkSequencerTest {

    // ---- actionFor ----

    @ParameterizedTest(name = "chunk {0} of {1} is {2}")
    @CsvSource({
        "0, 1, LAST_PROCESS",
        "0, 2, FIRST_PROCESS",
        "1, 2, LAST_PROCESS",
        "0, 6, FIRST_PROCESS",
        "1, 6, CHUNK_PROCESS",
        "4, 6, CHUNK_PROCESS",
        "5, 6, LAST_PROCESS",
    })
    void actionFor_processMode_followsSection4_2(int index, int count, MeasurementAction expected) {
        assertThat(ChunkSequencer.actionFor(index, count, PROCESS)).isSameAs(expected);
    }

    @ParameterizedTest(name = "chunk {0} of {1} is {2}")
    @CsvSource({
        "0, 1, LAST_IGNORE",
        "0, 3, FIRST_IGNORE",
        "1, 3, CHUNK_IGNORE",
        "2, 3, LAST_IGNORE",
    })
    void actionFor_ignoreMode_keepsStageAndUsesIgnore(int index, int count, MeasurementAction expected) {
        assertThat(ChunkSequencer.actionFor(index, count, IGNORE)).isSameAs(expected);
    }

    @Property
    void actionFor_anyIndexOfAnyCount_hasStageByPosition(@ForAll @IntRange(min = 1, max = 10_000) int count,
                                                        @ForAll @IntRange(min = 0, max = 9_999) int rawIndex,
                                                        @ForAll Mode mode) {
        int index = rawIndex % count;

        MeasurementAction action = ChunkSequencer.actionFor(index, count, mode);

        Stage expected = index == count - 1 ? Stage.LAST : index == 0 ? Stage.FIRST : Stage.CHUNK;
        assertThat(action.stage()).isEqualTo(expected);
        assertThat(action.mode()).isEqualTo(mode);
    }

    @ParameterizedTest
    @CsvSource({"-1, 3", "3, 3", "0, 0", "0, -1", "2147483647, 5"})
    void actionFor_outOfRange_throwsIllegalArgumentException(int index, int count) {
        assertThatThrownBy(() -> ChunkSequencer.actionFor(index, count, PROCESS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageMatching("(index|count) must be .*");
    }

    @Test
    void actionFor_nullMode_throwsNullPointerException() {
        assertThatThrownBy(() -> ChunkSequencer.actionFor(0, 1, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("mode");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void constructor_countBelowOne_throwsIllegalArgumentExceptionNamingChunkCount(int count) {
        assertThatThrownBy(() -> new ChunkSequencer(count)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("chunkCount");
    }

    // ---- the state machine ----

    @Test
    void newSequencer_canSendChunkZero() {
        ChunkSequencer s = new ChunkSequencer(3);

        assertThat(s.chunkCount()).isEqualTo(3);
        assertThat(s.canSend()).isTrue();
        assertThat(s.nextIndex()).isZero();
        assertThat(s.inFlightIndex()).isEqualTo(-1);
        assertThat(s.ackedCount()).isZero();
        assertThat(s.isClosed()).isFalse();
    }

    @Test
    void singleChunk_sendsOnlyLastProcess_thenCloses() {
        ChunkSequencer s = new ChunkSequencer(1);

        assertThat(s.begin(PROCESS)).isSameAs(MeasurementAction.LAST_PROCESS);
        assertThat(s.acknowledge(new ChunkAck("M:0", 0))).isSameAs(MeasurementAction.LAST_PROCESS);

        assertThat(s.isClosed()).isTrue();
        assertThat(s.canSend()).isFalse();
        assertThat(s.nextIndex()).isEqualTo(1);
        assertThat(s.ackedCount()).isEqualTo(1);
    }

    @Test
    void sixChunks_goFirstChunkChunkChunkChunkLast() {
        ChunkSequencer s = new ChunkSequencer(6);
        List<MeasurementAction> actions = new ArrayList<>();

        for (int i = 0; i < 6; i++) {
            actions.add(s.begin(PROCESS));
            assertThat(s.inFlightIndex()).isEqualTo(i);
            s.acknowledge(new ChunkAck("M:" + i, i));
        }

        assertThat(actions).containsExactly(MeasurementAction.FIRST_PROCESS, MeasurementAction.CHUNK_PROCESS,
                MeasurementAction.CHUNK_PROCESS, MeasurementAction.CHUNK_PROCESS, MeasurementAction.CHUNK_PROCESS,
                MeasurementAction.LAST_PROCESS);
        assertThat(s.isClosed()).isTrue();
    }

    @Test
    void begin_whileChunkInFlight_throwsIllegalStateExceptionAndKeepsState() {
        ChunkSequencer s = new ChunkSequencer(3);
        s.begin(PROCESS);

        assertThatThrownBy(() -> s.begin(PROCESS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chunk 0 is still in flight");
        assertThat(s.inFlightIndex()).isZero();
        assertThat(s.canSend()).isFalse();
        assertThat(s.acknowledge(new ChunkAck("M:0", 0))).isSameAs(MeasurementAction.FIRST_PROCESS);
    }

    @Test
    void begin_nullMode_throwsNullPointerExceptionAndKeepsState() {
        ChunkSequencer s = new ChunkSequencer(2);

        assertThatThrownBy(() -> s.begin(null)).isInstanceOf(NullPointerException.class).hasMessage("mode");
        assertThat(s.canSend()).isTrue();
        assertThat(s.inFlightIndex()).isEqualTo(-1);
    }

    @Test
    void acknowledge_withNothingInFlight_throwsIllegalStateException() {
        ChunkSequencer s = new ChunkSequencer(2);

        assertThatThrownBy(() -> s.acknowledge(new ChunkAck("M:0", 0))).isInstanceOf(IllegalStateException.class);
        assertThat(s.nextIndex()).isZero();
    }

    @Test
    void acknowledge_null_throwsNullPointerExceptionNamingAck() {
        ChunkSequencer s = new ChunkSequencer(2);
        s.begin(PROCESS);

        assertThatThrownBy(() -> s.acknowledge(null)).isInstanceOf(NullPointerException.class).hasMessage("ack");
        assertThat(s.inFlightIndex()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 3, 99})
    void acknowledge_wrongChunkOrder_throwsDfxProtocolExceptionAndKeepsState(int wrongOrder) {
        ChunkSequencer s = new ChunkSequencer(4);
        s.begin(PROCESS);
        s.acknowledge(new ChunkAck("M:0", 0));
        s.begin(PROCESS);

        assertThatThrownBy(() -> s.acknowledge(new ChunkAck("M:" + wrongOrder, wrongOrder)))
                .isInstanceOf(DfxProtocolException.class)
                .hasMessageContaining("ChunkOrder " + wrongOrder).hasMessageContaining("chunk 1 is in flight");

        assertThat(s.inFlightIndex()).isEqualTo(1);
        assertThat(s.nextIndex()).isEqualTo(1);
        assertThat(s.ackedCount()).isEqualTo(1);
        assertThat(s.canSend()).isFalse();
        assertThat(s.acknowledge(new ChunkAck("M:1", 1))).isSameAs(MeasurementAction.CHUNK_PROCESS);
    }

    @Test
    void acknowledge_emptyId_throwsDfxProtocolExceptionAndKeepsState() {
        ChunkSequencer s = new ChunkSequencer(1);
        s.begin(PROCESS);

        assertThatThrownBy(() -> s.acknowledge(new ChunkAck("", 0))).isInstanceOf(DfxProtocolException.class)
                .hasMessageContaining("empty ID");

        assertThat(s.inFlightIndex()).isZero();
        assertThat(s.isClosed()).isFalse();
        assertThat(s.acknowledge(new ChunkAck("M:0", 0))).isSameAs(MeasurementAction.LAST_PROCESS);
        assertThat(s.isClosed()).isTrue();
    }

    @Test
    void closed_refusesEveryTransition() {
        ChunkSequencer s = new ChunkSequencer(1);
        s.begin(IGNORE);
        s.acknowledge(new ChunkAck("M:0", 0));

        assertThat(s.isClosed()).isTrue();
        assertThatThrownBy(() -> s.begin(PROCESS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> s.acknowledge(new ChunkAck("M:1", 1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::retry).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::assumeAcknowledged).isInstanceOf(IllegalStateException.class);
        assertThat(s.nextIndex()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void retry_resendsTheSameIndexWithTheSameStage(Mode mode) {
        ChunkSequencer s = new ChunkSequencer(3);
        s.begin(PROCESS);
        s.acknowledge(new ChunkAck("M:0", 0));
        MeasurementAction first = s.begin(mode);

        s.retry();

        assertThat(s.inFlightIndex()).isEqualTo(-1);
        assertThat(s.nextIndex()).isEqualTo(1);
        assertThat(s.canSend()).isTrue();
        assertThat(s.begin(mode)).isSameAs(first).isEqualTo(MeasurementAction.of(Stage.CHUNK, mode));
        assertThat(s.inFlightIndex()).isEqualTo(1);
        assertThatThrownBy(() -> s.acknowledge(new ChunkAck("M:2", 2))).isInstanceOf(DfxProtocolException.class);
        assertThat(s.acknowledge(new ChunkAck("M:1", 1))).isSameAs(first);
    }

    @Test
    void retry_withNothingInFlight_throwsIllegalStateException() {
        assertThatThrownBy(() -> new ChunkSequencer(2).retry()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void assumeAcknowledged_advancesLikeAnAck() {
        ChunkSequencer s = new ChunkSequencer(2);
        s.begin(PROCESS);

        assertThat(s.assumeAcknowledged()).isSameAs(MeasurementAction.FIRST_PROCESS);
        assertThat(s.nextIndex()).isEqualTo(1);
        assertThat(s.begin(PROCESS)).isSameAs(MeasurementAction.LAST_PROCESS);
        assertThat(s.assumeAcknowledged()).isSameAs(MeasurementAction.LAST_PROCESS);
        assertThat(s.isClosed()).isTrue();
    }

    @Test
    void assumeAcknowledged_withNothingInFlight_throwsIllegalStateException() {
        assertThatThrownBy(() -> new ChunkSequencer(2).assumeAcknowledged()).isInstanceOf(IllegalStateException.class);
    }

    // ---- property: any interleaving of operations ----

    /**
     * Drives a sequencer of {@code n} chunks with arbitrary operations: legal ones (begin, ack, retry, assumed ack)
     * and illegal ones (a second begin, an ack with nothing in flight, a wrong or empty ack), which must fail without
     * changing the state. Whatever the interleaving, the chunks that get acked are exactly FIRST, CHUNK..., LAST (or
     * LAST alone) with indices 0..n-1, every begin is the next index or a resend of the retried one, and at most one
     * chunk is ever in flight.
     */
    @Property(tries = 500)
    void anyInterleaving_acksFirstChunksLastInIndexOrder(@ForAll @IntRange(min = 1, max = 12) int n,
                                                         @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 99)
                                                                 Integer> choices,
                                                         @ForAll List<Mode> modes) {
        ChunkSequencer s = new ChunkSequencer(n);
        List<Integer> ackedIndices = new ArrayList<>();
        List<MeasurementAction> acked = new ArrayList<>();
        List<Integer> begunIndices = new ArrayList<>();
        List<Stage> begunStages = new ArrayList<>();
        int lastBegun = -1;
        int step = 0;
        // After the random prefix, keep beginning and acking until the measurement closes.
        while (!s.isClosed()) {
            int choice = step < choices.size() ? choices.get(step) : 0;
            Mode mode = modes.isEmpty() ? PROCESS : modes.get(step % modes.size());
            step++;
            assertThat(step).as("terminates").isLessThan(choices.size() + 2 * n + 2);
            int before = s.inFlightIndex();
            int nextBefore = s.nextIndex();
            if (s.inFlightIndex() < 0) {
                if (choice % 10 == 9) {
                    assertThatThrownBy(() -> s.acknowledge(new ChunkAck("x", nextBefore)))
                            .isInstanceOf(IllegalStateException.class);
                    assertThatThrownBy(s::retry).isInstanceOf(IllegalStateException.class);
                } else {
                    MeasurementAction a = s.begin(mode);
                    int index = s.inFlightIndex();
                    assertThat(index).isEqualTo(nextBefore).isIn(lastBegun, lastBegun + 1);
                    assertThat(a).isSameAs(ChunkSequencer.actionFor(index, n, mode));
                    lastBegun = index;
                    if (begunIndices.isEmpty() || begunIndices.get(begunIndices.size() - 1) != index) {
                        begunIndices.add(index);
                        begunStages.add(a.stage());
                    }
                }
            } else {
                switch (choice % 6) {
                    case 0, 1 -> {
                        acked.add(s.acknowledge(new ChunkAck("M:" + before, before)));
                        ackedIndices.add(before);
                    }
                    case 2 -> s.retry();
                    case 3 -> {
                        assertThatThrownBy(() -> s.begin(PROCESS)).isInstanceOf(IllegalStateException.class);
                        assertThat(s.inFlightIndex()).isEqualTo(before);
                    }
                    case 4 -> {
                        int wrong = before + 1 + choice / 6;
                        assertThatThrownBy(() -> s.acknowledge(new ChunkAck("M:" + wrong, wrong)))
                                .isInstanceOf(DfxProtocolException.class);
                        assertThatThrownBy(() -> s.acknowledge(new ChunkAck("", before)))
                                .isInstanceOf(DfxProtocolException.class);
                        assertThat(s.inFlightIndex()).isEqualTo(before);
                        assertThat(s.nextIndex()).isEqualTo(nextBefore);
                    }
                    default -> {
                        acked.add(s.assumeAcknowledged());
                        ackedIndices.add(before);
                    }
                }
            }
            assertThat(s.canSend()).isEqualTo(!s.isClosed() && s.inFlightIndex() < 0);
            assertThat(s.ackedCount()).isEqualTo(ackedIndices.size());
        }

        assertThat(ackedIndices).isEqualTo(IntStream.range(0, n).boxed().collect(Collectors.toList()));
        List<Stage> stages = acked.stream().map(MeasurementAction::stage).collect(Collectors.toList());
        List<Stage> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(i == n - 1 ? Stage.LAST : i == 0 ? Stage.FIRST : Stage.CHUNK);
        }
        assertThat(stages).isEqualTo(expected);
        // Begun actions, with each retried resend folded into its first attempt, are the same sequence.
        assertThat(begunIndices).isEqualTo(ackedIndices);
        assertThat(begunStages).isEqualTo(expected);
        assertThat(s.nextIndex()).isEqualTo(n);
        assertThat(s.inFlightIndex()).isEqualTo(-1);
        assertThatThrownBy(() -> s.begin(PROCESS)).isInstanceOf(IllegalStateException.class);
    }
}
