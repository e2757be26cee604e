package dev.dfx.benchmarks.baseline;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The baseline client of issue 14: N measurement streams on Netty with none of the SDK, the floor that
 * {@code dfx bench} is compared with. Each stream logs in ({@code 0718}), subscribes ({@code 0510}), then sends its
 * chunks as AddData ({@code 0506}) frames, one in flight, each body a hand-written JSON object with the payload in
 * JDK base64, and reads each ack by its request id and status only (docs/protocol.md §2, §3.1, §4.1); see
 * {@code BaselineConnection}. It runs the same phases as {@code dfx bench} (connect all, with at most
 * {@link #CONNECT_WINDOW} handshakes at once and an optional ramp; then the streams, paced streams spreading their
 * starts over one chunk duration) on one event-loop group of the same size as {@code NettyTransport.create()}'s,
 * and reports the same figures, including {@link ProcessMeter} usage per phase.
 *
 * <p>Run it alone with {@code java -cp dfx-benchmarks.jar dev.dfx.benchmarks.baseline.BaselineClient --url URL
 * --token T [--streams N] [--chunks-per-stream K] [--chunk-bytes B] [--duration S] [--no-pace] [--ramp S]
 * [--timeout S]}. Not thread-safe: one {@link #run()} at a time.
 */
public final class BaselineClient {
    /** Handshakes in flight at once, as in {@code dfx bench}. */
    public static final int CONNECT_WINDOW = 256;

    private final Settings settings;

    /**
     * What to run.
     *
     * @param url {@code ws://host:port/} of the server (no TLS: the baseline is for loopback runs)
     * @param token the login token (never printed)
     * @param streams concurrent streams, at least 1
     * @param chunksPerStream chunks per stream, at least 1
     * @param chunkBytes payload bytes per chunk, at least 1
     * @param chunkDurationNanos the duration each chunk stands for, and the pacing interval when paced
     * @param pace send chunk k no sooner than k chunk durations after the stream's start
     * @param rampNanos spread the connects over this long (0: as fast as the window allows)
     * @param timeoutNanos bound on the whole run
     * @param measurementPrefix measurement ids are this plus the stream's index
     */
    public record Settings(URI url, String token, int streams, int chunksPerStream, int chunkBytes,
                           long chunkDurationNanos, boolean pace, long rampNanos, long timeoutNanos,
                           String measurementPrefix) {
        /** Validates. */
        public Settings {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(measurementPrefix, "measurementPrefix");
            if (!"ws".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("url must be ws://host:port/, got " + url);
            }
            if (streams < 1 || chunksPerStream < 1 || chunkBytes < 1 || chunkDurationNanos <= 0 || rampNanos < 0
                    || timeoutNanos <= 0) {
                throw new IllegalArgumentException("streams, chunksPerStream, chunkBytes, chunkDurationNanos and "
                        + "timeoutNanos must be positive and rampNanos not negative");
            }
        }

        @Override
        public String toString() {
            return "Settings[url=" + url + ", streams=" + streams + ", chunksPerStream=" + chunksPerStream
                    + ", chunkBytes=" + chunkBytes + ", pace=" + pace + "]";
        }
    }

    /**
     * What a run measured.
     *
     * @param streams streams asked for
     * @param connected streams logged in and subscribed
     * @param connectNanos time to connect, log in and subscribe all
     * @param chunksExpected streams × chunks per stream
     * @param chunksAcked chunks acked with status 200
     * @param streamNanos time from the first stream's start to the last stream's end
     * @param latencyNanos every ack latency (write completed → ack read), sorted
     * @param errors failed streams by reason
     * @param connectUsage process usage while connecting
     * @param streamUsage process usage while streaming
     * @param heapPerConnectionBytes heap after GC with all connected, minus before, per connection
     */
    public record Result(int streams, int connected, long connectNanos, long chunksExpected, long chunksAcked,
                         long streamNanos, long[] latencyNanos, Map<String, Long> errors,
                         ProcessMeter.Usage connectUsage, ProcessMeter.Usage streamUsage,
                         long heapPerConnectionBytes) {
        /** Copies. */
        public Result {
            latencyNanos = latencyNanos.clone();
            errors = Map.copyOf(errors);
        }

        /** @return true when every chunk was acked and no stream failed */
        public boolean ok() {
            return errors.isEmpty() && chunksAcked == chunksExpected;
        }

        /** @return acked chunks per second of the stream phase */
        public double chunksPerSecond() {
            return chunksAcked / Math.max(1e-9, streamNanos / 1e9);
        }

        /**
         * @param p percentile in (0, 100]
         * @return the nearest-rank percentile of the ack latencies, in ms (0 with none)
         */
        public double percentileMillis(double p) {
            if (latencyNanos.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(p / 100.0 * latencyNanos.length);
            return latencyNanos[Math.max(0, Math.min(latencyNanos.length, rank) - 1)] / 1e6;
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d/%d chunks acked over %d/%d streams in %.2f s: %.1f chunks/s; "
                            + "ack p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms; CPU %.1f us/chunk, GC %d ms, "
                            + "%.0f B allocated/chunk; heap %.1f KiB/connection; errors %s",
                    ok() ? "ok" : "FAILED", chunksAcked, chunksExpected, connected, streams, streamNanos / 1e9,
                    chunksPerSecond(), percentileMillis(50), percentileMillis(99), percentileMillis(99.9),
                    streamUsage.cpuMicrosPer(chunksAcked), streamUsage.gcMillis(),
                    streamUsage.allocatedBytesPer(chunksAcked), heapPerConnectionBytes / 1024.0,
                    errors.isEmpty() ? "none" : errors);
        }
    }

    /** State shared by the connections of one run; the callbacks come from event loops. */
    static final class Run {
        private final Settings settings;
        private final byte[] payload;
        private final CountDownLatch subscribed;
        private final CountDownLatch finished;
        private final Semaphore window = new Semaphore(CONNECT_WINDOW);
        private final LongAdder up = new LongAdder();
        private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

        Run(Settings settings, byte[] payload) {
            this.settings = settings;
            this.payload = payload;
            this.subscribed = new CountDownLatch(settings.streams());
            this.finished = new CountDownLatch(settings.streams());
        }

        Settings settings() {
            return settings;
        }

        byte[] payload() {
            return payload;
        }

        void subscribed(BaselineConnection c, boolean ok) {
            if (ok) {
                up.increment();
            }
            window.release();
            subscribed.countDown();
        }

        void finished(BaselineConnection c, String error) {
            if (error != null) {
                errors.computeIfAbsent(error, k -> new LongAdder()).increment();
            }
            finished.countDown();
        }
    }

    /** @param settings what to run */
    public BaselineClient(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Runs the phases and closes every connection and thread it made.
     *
     * @param progress where to print phase lines
     * @return the figures; failures of streams are counted in {@link Result#errors()}, never thrown
     */
    public Result run(PrintStream progress) {
        Settings s = settings;
        byte[] payload = new byte[s.chunkBytes()];
        new Random(s.streams()).nextBytes(payload);
        Run run = new Run(s, payload);
        long deadline = System.nanoTime() + s.timeoutNanos();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("baseline-io", true),
                NioIoHandler.newFactory());
        List<BaselineConnection> all = new ArrayList<>(s.streams());
        List<Channel> channels = new ArrayList<>(s.streams());
        String host = s.url().getHost();
        int port = s.url().getPort() == -1 ? 80 : s.url().getPort();
        try {
            long heapBefore = ProcessMeter.heapAfterGc();
            ProcessMeter.Snapshot c0 = ProcessMeter.now();
            for (int i = 0; i < s.streams(); i++) {
                if (s.rampNanos() > 0) {
                    parkUntil(c0.wallNanos() + s.rampNanos() / s.streams() * i);
                }
                if (!acquire(run.window, deadline)) {
                    break;
                }
                BaselineConnection c = new BaselineConnection(run, s.measurementPrefix() + i);
                all.add(c);
                ChannelFuture f = new Bootstrap().group(group).channel(NioSocketChannel.class)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                                        new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                                .webSocketUri(s.url()).subprotocol("json")
                                                .maxFramePayloadLength(16 * 1024 * 1024)
                                                .handshakeTimeoutMillis(30_000).build()),
                                        new WebSocketFrameAggregator(16 * 1024 * 1024), c);
                            }
                        }).connect(host, port);
                channels.add(f.channel());
                f.addListener(done -> {
                    if (!done.isSuccess()) {
                        c.connectFailed(f.channel(), "CONNECT_FAILED");
                    }
                });
            }
            await(run.subscribed, deadline);
            ProcessMeter.Snapshot c1 = ProcessMeter.now();
            int connected = run.up.intValue();
            progress.printf(Locale.ROOT, "baseline: %d/%d connections logged in and subscribed in %d ms%n",
                    connected, s.streams(), (c1.wallNanos() - c0.wallNanos()) / 1_000_000);
            long heapOpen = ProcessMeter.heapAfterGc();

            ProcessMeter.Snapshot s0 = ProcessMeter.now();
            long spread = s.pace() ? s.chunkDurationNanos() / Math.max(1, connected) : 0;
            for (int i = 0; i < all.size(); i++) {
                all.get(i).start(spread * i);
            }
            await(run.finished, deadline);
            ProcessMeter.Snapshot s1 = ProcessMeter.now();
            progress.printf(Locale.ROOT, "baseline: streams finished in %d ms%n",
                    (s1.wallNanos() - s0.wallNanos()) / 1_000_000);
            // After a timeout some streams may still be running on their event loops: take one copy of each.
            List<long[]> each = new ArrayList<>(all.size());
            long acked = 0;
            for (BaselineConnection c : all) {
                long[] l = c.latencies();
                each.add(l);
                acked += l.length;
            }
            long[] latencies = new long[Math.toIntExact(acked)];
            int at = 0;
            for (long[] l : each) {
                System.arraycopy(l, 0, latencies, at, l.length);
                at += l.length;
            }
            Arrays.sort(latencies);
            Map<String, Long> errors = new TreeMap<>();
            run.errors.forEach((k, v) -> errors.put(k, v.sum()));
            long missing = s.streams() - (long) all.size() + run.finished.getCount();
            if (missing > 0) {
                errors.merge("TIMEOUT", missing, Long::sum);
            }
            return new Result(s.streams(), connected, c1.wallNanos() - c0.wallNanos(),
                    (long) s.streams() * s.chunksPerStream(), acked, s1.wallNanos() - s0.wallNanos(), latencies,
                    errors, c0.until(c1), s0.until(s1),
                    connected == 0 ? 0 : (heapOpen - heapBefore) / connected);
        } finally {
            for (Channel ch : channels) {
                ch.close();
            }
            group.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static void await(CountDownLatch latch, long deadline) {
        try {
            latch.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    private static void parkUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /**
     * Runs the baseline alone and prints its figures.
     *
     * @param args {@code --url URL --token T} and the options in the class comment
     */
    public static void main(String[] args) {
        Map<String, String> a = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            if ("--no-pace".equals(args[i])) {
                a.put("no-pace", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                a.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
        }
        Settings s = new Settings(URI.create(require(a, "url")), require(a, "token"),
                Integer.parseInt(a.getOrDefault("streams", "1")),
                Integer.parseInt(a.getOrDefault("chunks-per-stream", "10")),
                Integer.parseInt(a.getOrDefault("chunk-bytes", "256")),
                nanos(a.getOrDefault("duration", "1")), !a.containsKey("no-pace"), nanos(a.getOrDefault("ramp", "0")),
                nanos(a.getOrDefault("timeout", "300")),
                "baseline-" + Long.toString(System.currentTimeMillis(), 36) + "-");
        Result r = new BaselineClient(s).run(System.err);
        System.out.println(r);
        System.exit(r.ok() ? 0 : 1);
    }

    private static String require(Map<String, String> a, String key) {
        String v = a.get(key);
        if (v == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }

    private static long nanos(String seconds) {
        return Math.round(Double.parseDouble(seconds) * 1e9);
    }
}
