package dev.dfx.cli;

import dev.dfx.benchmarks.baseline.ProcessMeter;
import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.ActionId;
import dev.dfx.core.Chunk;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.body.ErrorBody;
import dev.dfx.core.port.BodyCodec;
import dev.dfx.core.port.Scheduler;
import dev.dfx.core.port.Transport;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One {@code dfx bench} run. Phases: connect every client (at most {@link #CONNECT_WINDOW} handshakes at once,
 * optionally ramped), measure the heap with all connections open, start the streams (paced streams spread their
 * starts over one chunk duration, so N streams make a steady N chunks per chunk duration, as independent devices
 * would), wait for every stream, measure the heap again, then disconnect all.
 *
 * <p>Like a gateway, all clients share one {@link Transport}, one body codec, a small executor pool for their serial
 * work and one timer thread; each client gets a {@link TimingTransport} view of the shared transport so that ack
 * latency runs from the hand-over of the AddData frame to its ack, as in {@code dfx measure}. The protocol
 * (login, subscribe, sequencing, pacing, retries, completion) is the library's.
 */
final class BenchRun {
    /** Handshakes in flight at once: enough to connect thousands quickly without drowning the server's accept queue. */
    static final int CONNECT_WINDOW = 256;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(30);

    private final Settings settings;
    private final PrintStream progress;
    private final LatencyStats latency = new LatencyStats();
    private final LongAdder acked = new LongAdder();
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();

    /** What to run; checked by {@link BenchCommand}. */
    record Settings(URI url, String token, int streams, TransportKind transport, int chunksPerStream, int chunkBytes,
                    Duration chunkDuration, boolean pace, Duration ramp, Duration timeout, int unpacedChunks,
                    boolean allowInsecureRemote) {
    }

    /** What a run measured, in the shape of the {@code --json} line. */
    record Outcome(boolean ok, int streams, String transport, int chunksPerStream, int chunkBytes, boolean paced,
                   int connected, long connectMs, long chunksExpected, long chunksAcked, long streamMs,
                   double chunksPerSecond, int latencySamples, double p50AckMs, double p99AckMs, double p999AckMs,
                   double maxAckMs, Map<String, Long> errors, Map<String, Long> rejected, long heapBeforeBytes,
                   long heapPerConnectionBytes, long heapPerConnectionAfterStreamsBytes,
                   ProcessMeter.Usage connectUsage, ProcessMeter.Usage streamUsage, int unpacedChunks,
                   double unpacedSoloChunksPerSecond, double unpacedMixedChunksPerSecond) {

        /** @return process CPU µs per acked chunk during the stream phase */
        double cpuMicrosPerChunk() {
            return streamUsage.cpuMicrosPer(chunksAcked);
        }

        /** @return heap bytes allocated per acked chunk during the stream phase (all threads) */
        double allocatedBytesPerChunk() {
            return streamUsage.allocatedBytesPer(chunksAcked);
        }

        /** @return the {@code --json} object */
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", ok);
            m.put("streams", streams);
            m.put("transport", transport);
            m.put("chunksPerStream", chunksPerStream);
            m.put("chunkBytes", chunkBytes);
            m.put("paced", paced);
            m.put("connected", connected);
            m.put("connectMs", connectMs);
            m.put("chunksExpected", chunksExpected);
            m.put("chunksAcked", chunksAcked);
            m.put("elapsedMs", streamMs);
            m.put("chunksPerSecond", round(chunksPerSecond));
            m.put("latencySamples", latencySamples);
            m.put("p50AckMs", round(p50AckMs));
            m.put("p99AckMs", round(p99AckMs));
            m.put("p999AckMs", round(p999AckMs));
            m.put("maxAckMs", round(maxAckMs));
            m.put("errors", errors);
            m.put("rejected", rejected);
            m.put("heapBeforeBytes", heapBeforeBytes);
            m.put("heapPerConnectionBytes", heapPerConnectionBytes);
            m.put("heapPerConnectionAfterStreamsBytes", heapPerConnectionAfterStreamsBytes);
            m.put("cpuMicrosPerChunk", round(cpuMicrosPerChunk()));
            m.put("coresBusy", round(streamUsage.coresBusy()));
            m.put("gcMillis", streamUsage.gcMillis());
            m.put("gcCount", streamUsage.gcCount());
            m.put("allocatedBytesPerChunk", Math.round(allocatedBytesPerChunk()));
            m.put("connectCpuMicrosPerConnection", round(connectUsage.cpuMicrosPer(connected)));
            m.put("connectAllocatedBytesPerConnection", Math.round(connectUsage.allocatedBytesPer(connected)));
            if (unpacedChunks > 0) {
                m.put("unpacedChunks", unpacedChunks);
                m.put("unpacedSoloChunksPerSecond", round(unpacedSoloChunksPerSecond));
                m.put("unpacedMixedChunksPerSecond", round(unpacedMixedChunksPerSecond));
                m.put("unpacedMixedOverSolo", unpacedSoloChunksPerSecond <= 0 ? null
                        : round(unpacedMixedChunksPerSecond / unpacedSoloChunksPerSecond));
            }
            return m;
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }

    BenchRun(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * @return the outcome; never throws for a failure of the server or the network (those are counted)
     * @throws IllegalArgumentException if the settings make no valid client configuration
     */
    Outcome run() {
        Settings s = settings;
        DfxClientConfig config = DfxClientConfig.builder().uri(s.url()).userToken(s.token()).realTimePacing(s.pace())
                .allowInsecureRemote(s.allowInsecureRemote())
                // One chunk of burst: chunk k may go once k chunk-durations have passed (real time, docs/protocol.md §4.3).
                .pacingBurst(s.pace() ? s.chunkDuration() : Duration.ZERO).build();
        DfxClientConfig unpaced = config.toBuilder().realTimePacing(false).pacingBurst(Duration.ZERO).build();
        byte[] payload = new byte[s.chunkBytes()];
        new Random(s.streams()).nextBytes(payload);
        long start = System.nanoTime();
        long deadline = start + s.timeout().toNanos();
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("dfx-bench-client-"));
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemon("dfx-bench-timer-"));
        timers.setRemoveOnCancelPolicy(true);
        Scheduler scheduler = Scheduler.of(timers);
        BodyCodec codec = JacksonBodyCodec.create();
        String runId = Long.toString(System.currentTimeMillis(), 36);
        List<Stream> all = new ArrayList<>(s.streams());
        long connectMs = 0;
        long streamMs = 0;
        long heapOpen;
        long heapAfter;
        int connected = 0;
        Stream probe = null;
        double probeSolo = 0;
        double probeMixed = 0;
        var ticker = timers.scheduleAtFixedRate(() -> progress.printf("... %d open, %d chunks acked, %d errors%n",
                open.get(), acked.sum(), count(errors)), PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        Transport shared = s.transport().create();
        long heapBefore;
        ProcessMeter.Snapshot connect0 = ProcessMeter.now();
        ProcessMeter.Snapshot connect1 = connect0;
        ProcessMeter.Snapshot stream0 = connect0;
        ProcessMeter.Snapshot stream1 = connect0;
        try {
            warmUp(shared, codec, config, pool, scheduler, deadline);
            // "Before": the transport, pools and codec exist and one connection has come and gone, so the figure
            // per connection holds what each connection costs, not the one-time set-up.
            heapBefore = heapAfterGc();
            heapOpen = heapBefore;
            heapAfter = heapBefore;
            // Phase 1: connect and log in.
            Semaphore window = new Semaphore(CONNECT_WINDOW);
            connect0 = ProcessMeter.now();
            long t0 = connect0.wallNanos();
            for (int i = 0; i < s.streams(); i++) {
                if (!s.ramp().isZero()) {
                    parkUntil(t0 + s.ramp().toNanos() / s.streams() * i);
                }
                if (!acquire(window, deadline)) {
                    break;
                }
                TimingTransport timing = new TimingTransport(shared, id -> { });
                DfxClient client = DfxClient.builder().transport(timing).codec(codec).config(config).executor(pool)
                        .scheduler(scheduler).build();
                Stream st = new Stream(client, timing, "bench-" + runId + "-" + i);
                all.add(st);
                client.onMessage(m -> onMessage(st, m));
                CompletableFuture<Void> c;
                try {
                    c = client.connect();
                } catch (RuntimeException e) {
                    c = CompletableFuture.failedFuture(e);
                }
                st.connected = c.whenComplete((v, e) -> {
                    window.release();
                    if (e == null) {
                        open.incrementAndGet();
                    }
                });
            }
            if (s.unpacedChunks() > 0) {
                // The unpaced stream (issue 14): one more client on the same transport, pacing off.
                TimingTransport timing = new TimingTransport(shared, id -> { });
                DfxClient client = DfxClient.builder().transport(timing).codec(codec).config(unpaced).executor(pool)
                        .scheduler(scheduler).build();
                probe = new Stream(client, timing, "bench-" + runId + "-unpaced");
                probe.connected = client.connect();
            }
            for (Stream st : all) {
                if (awaitQuietly(st.connected, deadline) == null) {
                    st.up = true;
                    connected++;
                }
            }
            if (probe != null && awaitQuietly(probe.connected, deadline) == null) {
                probe.up = true;
            }
            connect1 = ProcessMeter.now();
            stream0 = connect1;
            stream1 = connect1;
            connectMs = (connect1.wallNanos() - t0) / 1_000_000;
            progress.printf("%d/%d connections open and logged in over %s in %d ms%n", connected, s.streams(),
                    s.transport(), connectMs);

            // Phase 2: heap with every connection open.
            heapOpen = heapAfterGc();

            if (probe != null && probe.up) {
                // A first run warms the JIT up (the first hundreds of chunks in a fresh JVM run at a fraction of
                // the speed), so that "alone" and "beside" compare the same compiled code.
                runUnpaced(probe, "warmup", payload, deadline);
                probeSolo = runUnpaced(probe, "solo", payload, deadline);
                progress.printf("unpaced stream alone: %.1f chunks/s%n", probeSolo);
            }

            // Phase 3: the streams.
            stream0 = ProcessMeter.now();
            long s0 = stream0.wallNanos();
            int index = 0;
            for (Stream st : all) {
                if (!st.up) {
                    continue;
                }
                long offset = s.pace() ? s.chunkDuration().toNanos() / Math.max(1, connected) * index : 0;
                index++;
                timers.schedule(() -> startStream(st, payload), offset, TimeUnit.NANOSECONDS);
            }
            if (probe != null && probe.up) {
                // Once every paced stream has started (their starts span one chunk duration).
                parkUntil(s0 + (s.pace() ? s.chunkDuration().toNanos() : 0));
                probeMixed = runUnpaced(probe, "mixed", payload, deadline);
                progress.printf("unpaced stream beside the others: %.1f chunks/s (%.2f of alone)%n", probeMixed,
                        probeSolo > 0 ? probeMixed / probeSolo : 0);
            }
            for (Stream st : all) {
                if (st.up) {
                    awaitQuietly(st.done, deadline);
                }
            }
            stream1 = ProcessMeter.now();
            streamMs = (stream1.wallNanos() - s0) / 1_000_000;
            progress.printf("streams finished in %d ms%n", streamMs);

            // Phase 4: heap again, the streams' state still reachable and the connections still open.
            heapAfter = heapAfterGc();
        } finally {
            ticker.cancel(false);
            if (probe != null) {
                all.add(probe);
            }
            closeAll(all);
            shared.close();
            pool.shutdownNow();
            timers.shutdownNow();
        }
        long expected = (long) s.streams() * s.chunksPerStream();
        boolean ok = errors.isEmpty() && acked.sum() == expected;
        double seconds = Math.max(streamMs, 1) / 1000.0;
        return new Outcome(ok, s.streams(), s.transport().name(), s.chunksPerStream(), s.chunkBytes(), s.pace(),
                connected, connectMs, expected, acked.sum(), streamMs, acked.sum() / seconds, latency.count(),
                latency.percentileMillis(50), latency.percentileMillis(99), latency.percentileMillis(99.9),
                latency.percentileMillis(100), sorted(errors), sorted(rejected), heapBefore,
                connected == 0 ? 0 : (heapOpen - heapBefore) / connected,
                connected == 0 ? 0 : (heapAfter - heapBefore) / connected, connect0.until(connect1),
                stream0.until(stream1), s.unpacedChunks(), probeSolo, probeMixed);
    }

    /**
     * Streams {@link Settings#unpacedChunks()} chunks on the unpaced client, from this thread, and waits for the
     * final result; its acks are not counted with the others'.
     *
     * @return chunks per second from the first send to the completion, or 0 if it failed
     */
    private double runUnpaced(Stream st, String name, byte[] payload, long deadline) {
        Settings s = settings;
        int n = s.unpacedChunks();
        double seconds = s.chunkDuration().toNanos() / 1e9;
        long t0 = System.nanoTime();
        try {
            MeasurementStream m = st.client.startMeasurement(st.measurementId + "-" + name, n);
            for (int k = 0; k < n; k++) {
                m.send(Chunk.of(payload, s.chunkDuration()).withTimes(k * seconds, (k + 1) * seconds));
            }
            m.completion().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return n / ((System.nanoTime() - t0) / 1e9);
        } catch (ExecutionException e) {
            countError(e.getCause());
        } catch (TimeoutException e) {
            errors.computeIfAbsent("TIMEOUT", k -> new LongAdder()).increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            countError(e);
        }
        return 0;
    }

    /** One connection opened, logged in and closed, so that one-time costs are not counted per connection. */
    private void warmUp(Transport shared, BodyCodec codec, DfxClientConfig config, ExecutorService pool,
                        Scheduler scheduler, long deadline) {
        try (DfxClient client = DfxClient.builder().transport(shared).codec(codec).config(config).executor(pool)
                .scheduler(scheduler).build()) {
            client.connect().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            client.disconnect().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // The real connects report it, counted per stream.
            progress.println("warm-up connection failed: " + MeasurementRun.error(
                    e instanceof ExecutionException ? e.getCause() : e).get("code"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One stream: its client, its measurement id, and its two milestones. */
    private static final class Stream {
        final DfxClient client;
        final TimingTransport timing;
        final String measurementId;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile CompletableFuture<Void> connected;
        volatile boolean up;

        Stream(DfxClient client, TimingTransport timing, String measurementId) {
            this.client = client;
            this.timing = timing;
            this.measurementId = measurementId;
        }
    }

    private void startStream(Stream st, byte[] payload) {
        Settings s = settings;
        double seconds = s.chunkDuration().toNanos() / 1e9;
        try {
            MeasurementStream m = st.client.startMeasurement(st.measurementId, s.chunksPerStream());
            for (int k = 0; k < s.chunksPerStream(); k++) {
                m.send(Chunk.of(payload, s.chunkDuration()).withTimes(k * seconds, (k + 1) * seconds));
            }
            m.completion().whenComplete((summary, e) -> {
                if (e != null) {
                    countError(e);
                }
                st.done.complete(null);
            });
        } catch (RuntimeException e) {
            countError(e);
            st.done.complete(null);
        }
    }

    private void onMessage(Stream st, DfxMessage m) {
        if (!m.actionId().map(ActionId.MEASUREMENTS_ADD_DATA::equals).orElse(false)) {
            return;
        }
        Long at = st.timing.handedOverAt(m.requestId());
        if (m.isError()) {
            rejected.computeIfAbsent(errorCode(m), k -> new LongAdder()).increment();
            return;
        }
        if (at != null) {
            latency.add(System.nanoTime() - at);
        }
        acked.increment();
    }

    private static String errorCode(DfxMessage m) {
        try {
            String code = m.bodyAs(ErrorBody.class).code();
            return code == null || code.isEmpty() ? "STATUS_" + m.status() : code;
        } catch (RuntimeException e) {
            return "STATUS_" + m.status();
        }
    }

    private void countError(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        String code = String.valueOf(MeasurementRun.error(c).get("code"));
        errors.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    /** @return null when the future completed normally; else the failure (also counted) */
    private Throwable awaitQuietly(CompletableFuture<Void> f, long deadline) {
        try {
            f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            countError(e.getCause());
            return e.getCause();
        } catch (TimeoutException e) {
            errors.computeIfAbsent("TIMEOUT", k -> new LongAdder()).increment();
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.computeIfAbsent("INTERRUPTED", k -> new LongAdder()).increment();
            return e;
        }
    }

    private static boolean acquire(Semaphore window, long deadline) {
        try {
            return window.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Disconnects every client at once, waits (bounded) for all, then closes them. */
    private void closeAll(List<Stream> all) {
        List<CompletableFuture<Void>> closing = new ArrayList<>(all.size());
        for (Stream st : all) {
            closing.add(st.client.disconnect());
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .get(CLOSE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            progress.println("some connections did not close within " + CLOSE_BOUND.toSeconds() + " s; aborting");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Stream st : all) {
            st.client.close();
        }
    }

    private static void parkUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** @return heap used after a few full collections (the smallest reading) */
    static long heapAfterGc() {
        return ProcessMeter.heapAfterGc();
    }

    private static long count(Map<String, LongAdder> counts) {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static Map<String, Long> sorted(Map<String, LongAdder> counts) {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
