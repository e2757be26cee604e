package dev.dfx.core.result;

import dev.dfx.core.MeasurementStream;
import dev.dfx.core.body.MeasurementResult;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The opt-in SNR quality gate of docs/protocol.md §5.3, for a measurement of 5 s chunks: feed it the stream's results
 * in arrival order and it says whether to go on, cancel, or show the results.
 *
 * <p>The documented rule, for a 30 s measurement in six 5 s chunks (indexes 0 to 5): cancel when the SNR is below
 * 0.5 at 15 s (chunk 2), or in two of the remaining three chunks (3, 4, 5); when the last chunk's SNR is below 0.5,
 * do not show the results. Here the last chunk's rule takes precedence over a cancel it would also trigger (the
 * measurement is over by then). For other chunk counts ({@link #forChunkCount}), the checkpoint stays at chunk 2
 * (15 s) and "two of the remaining" counts every chunk after it; that extension is ours [INF].
 *
 * <p>Details where §5.3 is silent [INF]: a result's chunk index is {@link MeasurementResult#chunkOrder()}, or its
 * arrival position when it has none; a result with {@code StatusID} counts as the last chunk; a repeated chunk
 * index counts once; a result without an {@code SNR} point gives no evidence (it is never "below 0.5"); the SNR is
 * {@code Data / Multiplier} (Multiplier 1 when absent), and a raw {@code Data} equal to a {@link SnrSentinel} is
 * read as that sentinel whatever the multiplier. Every sentinel (−100, −90, −91) is below 0.5 and so counts as low.
 * A final verdict (CANCEL, SHOW_RESULTS, HIDE_RESULTS) is kept: later results return it unchanged.
 *
 * <p>Thread-safe: {@link #evaluate} is synchronized. Use one gate per measurement.
 */
public final class SnrQualityGate {
    /** The SNR threshold of §5.3: below it the chunk is low. */
    public static final double THRESHOLD = 0.5;
    /** The 0-based index of the chunk that ends at 15 s with 5 s chunks: the §5.3 checkpoint. */
    public static final int CHECKPOINT_CHUNK = 2;
    /** The chunk count the documented rule is written for: 30 s in 5 s chunks. */
    public static final int DOCUMENTED_CHUNK_COUNT = 6;

    private final int chunkCount;
    private final Set<Integer> lowAfterCheckpoint = new HashSet<>();
    private final Set<Integer> seen = new HashSet<>();
    private int arrivals;
    private QualityVerdict verdict = new QualityVerdict(QualityVerdict.Decision.CONTINUE, -1, Double.NaN,
            "no result yet");

    private SnrQualityGate(int chunkCount) {
        this.chunkCount = chunkCount;
    }

    /** @return a gate for the documented shape: six 5 s chunks (30 s) */
    public static SnrQualityGate create() {
        return new SnrQualityGate(DOCUMENTED_CHUNK_COUNT);
    }

    /**
     * @param chunkCount the number of 5 s chunks the measurement sends, 1 or more (the stream's
     *     {@link MeasurementStream#chunkCount()})
     * @return a gate for that many chunks
     * @throws IllegalArgumentException if chunkCount is below 1
     */
    public static SnrQualityGate forChunkCount(int chunkCount) {
        if (chunkCount < 1) {
            throw new IllegalArgumentException("chunkCount must be 1 or more, got " + chunkCount);
        }
        return new SnrQualityGate(chunkCount);
    }

    /** @return the number of chunks this gate expects */
    public int chunkCount() {
        return chunkCount;
    }

    /** @return the latest verdict; CONTINUE with chunk index −1 before the first result */
    public synchronized QualityVerdict verdict() {
        return verdict;
    }

    /**
     * Applies the §5.3 rule to the next result.
     *
     * @param result the next result of the measurement, in arrival order
     * @return the verdict after it (the earlier final verdict if there was one)
     * @throws NullPointerException if result is null
     */
    public synchronized QualityVerdict evaluate(MeasurementResult result) {
        Objects.requireNonNull(result, "result");
        int position = arrivals++;
        if (verdict.isFinal()) {
            return verdict;
        }
        int index = result.chunkOrder().orElse(position);
        double snr = snrOf(result);
        boolean low = snr < THRESHOLD;
        String shown = describe(snr);
        boolean last = result.isFinal() || index >= chunkCount - 1;
        boolean repeat = !seen.add(index);
        if (last) {
            verdict = low
                    ? decide(QualityVerdict.Decision.HIDE_RESULTS, index, snr, "the last chunk's SNR " + shown
                            + " is below " + THRESHOLD + ": do not show the results (docs/protocol.md §5.3)")
                    : decide(QualityVerdict.Decision.SHOW_RESULTS, index, snr, (Double.isNaN(snr)
                            ? "the last chunk carries no SNR" : "the last chunk's SNR " + shown + " is at least "
                            + THRESHOLD) + ": the results may be shown (docs/protocol.md §5.3)");
        } else if (low && index == CHECKPOINT_CHUNK) {
            verdict = decide(QualityVerdict.Decision.CANCEL, index, snr, "SNR " + shown + " is below " + THRESHOLD
                    + " at 15 s (chunk " + index + "): cancel (docs/protocol.md §5.3)");
        } else if (low && index > CHECKPOINT_CHUNK && !repeat && lowAfterCheckpoint.add(index)
                && lowAfterCheckpoint.size() >= 2) {
            verdict = decide(QualityVerdict.Decision.CANCEL, index, snr, "SNR below " + THRESHOLD + " in chunks "
                    + new TreeSet<>(lowAfterCheckpoint) + " after 15 s (now " + shown
                    + "): cancel (docs/protocol.md §5.3)");
        } else {
            verdict = decide(QualityVerdict.Decision.CONTINUE, index, snr, "SNR " + shown + " at chunk " + index
                    + (low ? " is below " + THRESHOLD + "; no rule fired yet" : ""));
        }
        return verdict;
    }

    /**
     * Watches a measurement stream: subscribes to its {@link MeasurementStream#results()}, evaluates each result,
     * and on a CANCEL verdict calls {@link MeasurementStream#cancel()} (the server is not told, §5 has no
     * unsubscribe). Results are evaluated on the stream's executor, like any subscriber.
     *
     * @param stream the measurement to watch; its chunk count sets the gate's
     * @return completes with the first final verdict (CANCEL, SHOW_RESULTS or HIDE_RESULTS); or, if the stream
     *     completes first, with the latest verdict (CONTINUE when no last-chunk result came, e.g. after
     *     {@code LAST::IGNORE}); fails with the stream's failure if it fails before a final verdict
     * @throws NullPointerException if stream is null
     */
    public static CompletableFuture<QualityVerdict> watch(MeasurementStream stream) {
        Objects.requireNonNull(stream, "stream");
        SnrQualityGate gate = forChunkCount(Math.max(1, stream.chunkCount()));
        CompletableFuture<QualityVerdict> out = new CompletableFuture<>();
        stream.results().subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(MeasurementResult item) {
                QualityVerdict v = gate.evaluate(item);
                if (v.isFinal() && out.complete(v)) {
                    subscription.cancel();
                    if (v.decision() == QualityVerdict.Decision.CANCEL) {
                        stream.cancel();
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                out.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                out.complete(gate.verdict());
            }
        });
        return out;
    }

    /**
     * @param result a result
     * @return its SNR value ({@code Data / Multiplier}, the median of several), the sentinel if the raw Data is one,
     *     or NaN if it carries no SNR
     */
    static double snrOf(MeasurementResult result) {
        return ResultReadings.of(result).point("SNR").filter(p -> !p.isEmpty()).map(p -> {
            if (p.rawData().size() == 1) {
                Optional<SnrSentinel> raw = SnrSentinel.of(p.rawData().get(0));
                if (raw.isPresent()) {
                    return (double) raw.get().value();
                }
            }
            return p.value();
        }).orElse(Double.NaN);
    }

    private static String describe(double snr) {
        if (Double.isNaN(snr)) {
            return "(none)";
        }
        return SnrSentinel.of(snr).map(s -> snr + " (" + s + ")").orElse(String.valueOf(snr));
    }

    private static QualityVerdict decide(QualityVerdict.Decision d, int index, double snr, String reason) {
        return new QualityVerdict(d, index, snr, reason);
    }
}
