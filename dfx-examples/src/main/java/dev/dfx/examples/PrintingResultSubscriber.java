package dev.dfx.examples;

import dev.dfx.core.body.MeasurementResult;
import java.io.PrintStream;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Flow;

/**
 * Prints each result of a measurement as one line, {@code chunk 2: HR_BPM=72.5 SNR=1.2}, then {@code done} or
 * {@code failed: <error>}. Subscribe it to {@link dev.dfx.core.MeasurementStream#results()}; it requests every result
 * at once (results are small and few: one per chunk plus the final one). The client calls it on its own executor,
 * one signal at a time.
 */
public final class PrintingResultSubscriber implements Flow.Subscriber<MeasurementResult> {
    private final PrintStream out;

    /** @param out where to print; not closed */
    public PrintingResultSubscriber(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(MeasurementResult result) {
        StringBuilder line = new StringBuilder(result.isFinal() ? "final (" + result.statusId() + ")"
                : "chunk " + (result.chunkOrder().isPresent() ? String.valueOf(result.chunkOrder().getAsInt()) : "?"));
        line.append(':');
        for (String point : new TreeSet<>(result.channels().keySet())) {
            // value() = the point's first value divided by the result's Multiplier
            line.append(' ').append(point).append('=').append(result.value(point));
        }
        out.println(line);
    }

    @Override
    public void onError(Throwable failure) {
        out.println("failed: " + failure);
    }

    @Override
    public void onComplete() {
        out.println("done");
    }
}
