package dev.dfx.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.body.SignalChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PrintingResultSubscriberTest {

    @Test
    void printsEachPointDividedByTheMultiplier_inNameOrder_thenDone() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintingResultSubscriber subscriber = new PrintingResultSubscriber(
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        AtomicLong requested = new AtomicLong();
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                requested.addAndGet(n);
            }

            @Override
            public void cancel() {
            }
        });

        subscriber.onNext(new MeasurementResult("m", "m:2", "r2", 1000, Map.of(
                "SNR", new SignalChannel("SNR", List.of(1200L), List.of()),
                "HR_BPM", new SignalChannel("HR_BPM", List.of(72500L), List.of())), null, null));
        subscriber.onNext(new MeasurementResult("m", "m:3", "r3", 10, Map.of(
                "HR_BPM", new SignalChannel("HR_BPM", List.of(731L), List.of())), null, "COMPLETE"));
        subscriber.onComplete();

        assertThat(requested.get()).isEqualTo(Long.MAX_VALUE);
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "chunk 2: HR_BPM=72.5 SNR=1.2",
                "final (COMPLETE): HR_BPM=73.1",
                "done");
    }

    @Test
    void printsTheFailure() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new PrintingResultSubscriber(new PrintStream(printed, true, StandardCharsets.UTF_8))
                .onError(new IOException("socket closed"));

        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo(
                "failed: java.io.IOException: socket closed" + System.lineSeparator());
    }
}
