package dev.dfx.cli;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.ActionId;
import dev.dfx.core.Chunk;
import dev.dfx.core.ConnectionEvent;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.MeasurementSummary;
import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.error.DfxException;
import dev.dfx.core.error.DfxServerException;
import dev.dfx.core.port.BodyCodec;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Streams one measurement through {@link DfxClient} and reports it: live progress, then a summary. Everything about
 * the protocol (login, subscribe, sequencing, pacing, completion) is the library's; this class only drives it and
 * counts.
 */
final class MeasurementRun {
    private final URI url;
    private final String token;
    private final String measurementId;
    private final List<SavedChunk> chunks;
    private final TransportKind transport;
    private final boolean pace;
    private final Duration pacingBurst;
    private final Duration timeout;
    private final PrintStream progress;
    /** With {@code --license-key}: the client logs in and renews from these (issue 11); else the token is used. */
    private LicenseSetup.Login credentials;

    MeasurementRun(URI url, String token, String measurementId, List<SavedChunk> chunks, TransportKind transport,
                   boolean pace, Duration pacingBurst, Duration timeout, PrintStream progress) {
        this.url = url;
        this.token = token;
        this.measurementId = measurementId;
        this.chunks = chunks;
        this.transport = transport;
        this.pace = pace;
        this.pacingBurst = pacingBurst;
        this.timeout = timeout;
        this.progress = progress;
    }

    /**
     * @param login credentials and token store to log in and renew with instead of the bare token (issue 11)
     * @return this
     */
    MeasurementRun withLogin(LicenseSetup.Login login) {
        this.credentials = login;
        return this;
    }

    /** What a run did: counts, timings, the final result and the errors, in the shape of the JSON line. */
    record Outcome(boolean ok, int chunksAcked, int resultsReceived, long elapsedMs, double p50AckMs,
                   double p99AckMs, String transport, List<Map<String, Object>> errors, MeasurementResult finalResult) {

        /** @return the {@code --json} object */
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", ok);
            m.put("chunksAcked", chunksAcked);
            m.put("resultsReceived", resultsReceived);
            m.put("elapsedMs", elapsedMs);
            m.put("p50AckMs", round(p50AckMs));
            m.put("p99AckMs", round(p99AckMs));
            m.put("transport", transport);
            m.put("errors", errors);
            return m;
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }

    Outcome run() {
        int n = chunks.size();
        LatencyStats latency = new LatencyStats();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger acked = new AtomicInteger();
        AtomicInteger results = new AtomicInteger();
        List<Map<String, Object>> errors = new ArrayList<>();
        MeasurementResult finalResult = null;
        BodyCodec codec = JacksonBodyCodec.create();
        TimingTransport timing = new TimingTransport(transport.create(),
                id -> progress.printf("chunk %d/%d sent%n", sent.incrementAndGet(), n));
        DfxClientConfig config = LicenseSetup.login(DfxClientConfig.builder().uri(url), token, credentials)
                .realTimePacing(pace)
                .pacingBurst(pacingBurst).build();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try (timing; DfxClient client = DfxClient.builder().transport(timing).codec(codec).config(config).build()) {
            client.onMessage(m -> onMessage(m, timing, latency));
            client.onConnectionEvent(e -> {
                if (e instanceof ConnectionEvent.Disconnected) {
                    ConnectionEvent.Disconnected d = (ConnectionEvent.Disconnected) e;
                    progress.printf("connection lost (code %d)%n", d.code());
                } else if (e instanceof ConnectionEvent.RetryScheduled) {
                    ConnectionEvent.RetryScheduled r = (ConnectionEvent.RetryScheduled) e;
                    progress.printf("reconnecting: attempt %d in %d ms%n", r.attempt(), r.delay().toMillis());
                } else if (e instanceof ConnectionEvent.GaveUp) {
                    progress.println("gave up reconnecting");
                } else if (e instanceof ConnectionEvent.Connected && sent.get() > 0) {
                    progress.println("reconnected; resuming the measurement");
                }
            });
            await(client.connect(), deadline, "connect");
            progress.printf("connected to %s over %s%n", url, transport);
            MeasurementStream stream = client.startMeasurement(measurementId, n);
            stream.results().subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(MeasurementResult r) {
                    progress.printf("result %d received (chunk %s%s)%n", results.incrementAndGet(),
                            r.chunkOrder().isPresent() ? String.valueOf(r.chunkOrder().getAsInt()) : "?",
                            r.isFinal() ? ", final: " + r.statusId() : "");
                }

                @Override
                public void onError(Throwable t) {
                    // The completion future reports the failure.
                }

                @Override
                public void onComplete() {
                    // Nothing more to count.
                }
            });
            for (SavedChunk c : chunks) {
                Chunk chunk = Chunk.of(c.payload(), c.duration()).withTimes(c.startTime(), c.endTime());
                if (c.meta() != null) {
                    chunk = chunk.withMeta(c.meta());
                }
                stream.send(chunk).thenAccept(ack -> progress.printf("chunk %d/%d acked (ChunkOrder %d)%n",
                        acked.incrementAndGet(), n, ack.chunkOrder()));
            }
            MeasurementSummary summary = await(stream.completion(), deadline, "measurement");
            finalResult = summary.finalResult().orElse(null);
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (DfxException e) {
            errors.add(error(e));
        } catch (ExecutionException e) {
            errors.add(error(e.getCause()));
        } catch (TimeoutException e) {
            errors.add(Map.of("code", "TIMEOUT", "status", 0, "message", e.getMessage() == null ? "timed out"
                    : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.add(Map.of("code", "INTERRUPTED", "status", 0, "message", "interrupted"));
        } catch (RuntimeException e) {
            errors.add(error(e));
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        boolean ok = errors.isEmpty() && acked.get() == n;
        return new Outcome(ok, acked.get(), results.get(), elapsedMs, latency.percentileMillis(50),
                latency.percentileMillis(99), transport.name(), errors, finalResult);
    }

    private void onMessage(DfxMessage m, TimingTransport timing, LatencyStats latency) {
        if (!m.actionId().map(ActionId.MEASUREMENTS_ADD_DATA::equals).orElse(false)) {
            return;
        }
        Long at = timing.handedOverAt(m.requestId());
        if (m.isError()) {
            progress.printf("chunk answered with status %d %s%n", m.status(), shortText(m));
        } else if (at != null) {
            latency.add(System.nanoTime() - at);
        }
    }

    private static String shortText(DfxMessage m) {
        ByteBuffer b = m.rawBody();
        String s = StandardCharsets.UTF_8.decode(b).toString();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static <T> T await(CompletableFuture<T> f, long deadlineNanos, String what)
            throws ExecutionException, InterruptedException, TimeoutException {
        long left = deadlineNanos - System.nanoTime();
        try {
            return f.get(Math.max(1, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            TimeoutException t = new TimeoutException(what + " did not finish within --timeout");
            t.initCause(e);
            throw t;
        }
    }

    static Map<String, Object> error(Throwable t) {
        Map<String, Object> e = new LinkedHashMap<>();
        if (t instanceof DfxServerException) {
            DfxServerException s = (DfxServerException) t;
            e.put("code", s.code().isEmpty() ? "SERVER_ERROR" : s.code());
            e.put("status", s.status());
            e.put("message", s.serverMessage().isEmpty() ? s.getMessage() : s.serverMessage());
        } else {
            e.put("code", codeOf(t));
            e.put("status", 0);
            e.put("message", String.valueOf(t.getMessage()));
        }
        return e;
    }

    private static String codeOf(Throwable t) {
        String name = t.getClass().getSimpleName().replaceFirst("^Dfx", "").replaceFirst("Exception$", "");
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    }
}
