package dev.dfx.cli;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.ActionId;
import dev.dfx.core.ConnectionEvent;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.MeasurementSummary;
import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.error.DfxException;
import dev.dfx.core.error.DfxServerException;
import dev.dfx.core.result.QualityVerdict;
import dev.dfx.core.result.SnrQualityGate;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Streams one measurement through {@link DfxClient} and reports it: live progress ({@link Progress}), then a summary.
 * Everything about the protocol (login, subscribe, sequencing, pacing, completion) is the library's; this class only
 * drives it and counts. A cancel signal ({@link #cancelOn}) stops the stream and closes the socket normally.
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
    private javax.net.ssl.SSLContext sslContext;
    private dev.dfx.core.port.ProxySpec proxy;
    private boolean liveProgress;
    private boolean allowInsecureRemote;
    private CompletableFuture<?> cancel = new CompletableFuture<>();
    private boolean qualityGate;
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

    /**
     * @param ssl trust for {@code wss://} ({@code --ca-cert}), or null for the JDK's
     * @param via the {@code CONNECT} proxy ({@code --proxy}), or null for none
     * @return this
     */
    MeasurementRun network(javax.net.ssl.SSLContext ssl, dev.dfx.core.port.ProxySpec via) {
        this.sslContext = ssl;
        this.proxy = via;
        return this;
    }

    /**
     * @param live true to redraw one progress line in place (stderr is a terminal), false for plain lines
     * @return this
     */
    MeasurementRun liveProgress(boolean live) {
        this.liveProgress = live;
        return this;
    }

    /**
     * @param allow true to allow {@code ws://} (no TLS) to a host that is not loopback ({@code --allow-insecure-remote})
     * @return this
     */
    MeasurementRun allowInsecureRemote(boolean allow) {
        this.allowInsecureRemote = allow;
        return this;
    }

    /**
     * @param signal when it completes (Ctrl-C), the run cancels the stream, closes the socket with code 1000 and
     *     returns an outcome with {@code cancelled} set
     * @return this
     */
    MeasurementRun cancelOn(CompletableFuture<?> signal) {
        this.cancel = signal;
        return this;
    }

    /**
     * @param on true to apply the SNR rule of docs/protocol.md §5.3 ({@link SnrQualityGate}): cancel early on a low SNR,
     *     and withhold the results when the last chunk's SNR is low ({@code --quality-gate})
     * @return this
     */
    MeasurementRun qualityGate(boolean on) {
        this.qualityGate = on;
        return this;
    }

    /**
     * What the server says of itself ({@code 0100} General.Status, docs/protocol.md §3.1), asked after the measurement.
     *
     * @param version {@code Version}, e.g. {@code fake-dfx-1}; empty if absent
     * @param region {@code Region}, e.g. {@code fake-local}; empty if absent
     */
    record ServerInfo(String version, String region) {
        /** @return true if it is this project's fake server ({@code dfx serve}, {@code dfx demo}) */
        boolean fake() {
            return version.startsWith("fake-") || region.startsWith("fake-");
        }
    }

    /**
     * What a run did: counts, timings, the final result and the errors, in the shape of the JSON line.
     *
     * @param cancelled true if Ctrl-C (the cancel signal) or the quality gate stopped the run
     * @param errors each with {@code code}, {@code status}, {@code message} and, when known, {@code fix}: what to do
     * @param server what the server said of itself, or null if it was not asked or did not answer
     * @param quality the quality gate's verdict, or null without {@code --quality-gate}
     */
    record Outcome(boolean ok, boolean cancelled, String measurementId, int chunksTotal, int chunksAcked,
                   int resultsReceived, long elapsedMs, double p50AckMs, double p99AckMs, String transport,
                   List<Map<String, Object>> errors, MeasurementResult finalResult, ServerInfo server,
                   QualityVerdict quality) {

        /** @return true if the quality gate cancelled the measurement (rather than Ctrl-C) */
        boolean cancelledByQualityGate() {
            return cancelled && quality != null && quality.decision() == QualityVerdict.Decision.CANCEL;
        }

        /** @return true if the quality gate says not to show the results */
        boolean resultsWithheld() {
            return quality != null && !quality.passed();
        }

        /**
         * @return {@code CANCELLED} after Ctrl-C; else the final result's {@code StatusID} ({@code COMPLETE},
         *     {@code PARTIAL}, {@code ERROR}, docs/protocol.md §5.3); else {@code FAILED}, or {@code DONE} for a run that
         *     completed without a status (a {@code LAST::IGNORE} measurement, §5.5)
         */
        String status() {
            if (cancelled) {
                return "CANCELLED";
            }
            if (finalResult != null && finalResult.statusId() != null) {
                return finalResult.statusId();
            }
            return ok ? "DONE" : "FAILED";
        }

        /** @return the {@code --json} object */
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", ok);
            m.put("measurementId", measurementId);
            m.put("status", status());
            m.put("cancelled", cancelled);
            if (cancelled) {
                m.put("cancelledBy", cancelledByQualityGate() ? "quality-gate" : "user");
            }
            m.put("chunksTotal", chunksTotal);
            m.put("chunksAcked", chunksAcked);
            m.put("resultsReceived", resultsReceived);
            m.put("elapsedMs", elapsedMs);
            m.put("p50AckMs", round(p50AckMs));
            m.put("p99AckMs", round(p99AckMs));
            m.put("transport", transport);
            m.put("errors", errors);
            m.put("server", server == null ? null : Report.serverJson(server));
            if (quality != null) {
                m.put("qualityGate", Report.qualityJson(quality));
            }
            Report.putResults(m, finalResult, resultsWithheld());
            return m;
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }

    Outcome run() {
        int n = chunks.size();
        LatencyStats latency = new LatencyStats();
        Progress bar = new Progress(progress, n, liveProgress);
        AtomicInteger results = new AtomicInteger();
        // Set once the measurement is under way, cleared when the run ends on purpose: only a connection lost in
        // between is news (a login refusal is reported as its error, and the normal end closes with 1000).
        AtomicBoolean watching = new AtomicBoolean();
        List<Map<String, Object>> errors = new ArrayList<>();
        MeasurementResult finalResult = null;
        boolean cancelled = false;
        CompletableFuture<QualityVerdict> gate = null;
        ServerInfo server = null;
        BodyCodec codec = JacksonBodyCodec.create();
        TimingTransport timing = new TimingTransport(transport.create(), (id, order) -> bar.sent(order));
        DfxClientConfig config;
        try {
            config = LicenseSetup.login(DfxClientConfig.builder().uri(url), token, credentials).realTimePacing(pace)
                    .pacingBurst(pacingBurst).allowInsecureRemote(allowInsecureRemote).sslContext(sslContext).proxy(proxy)
                    .build();
        } catch (IllegalArgumentException e) {
            timing.close();
            throw e;
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try (timing; DfxClient client = DfxClient.builder().transport(timing).codec(codec).config(config).build()) {
            client.onMessage(m -> onMessage(m, timing, latency, bar));
            client.onConnectionEvent(e -> {
                if (e instanceof ConnectionEvent.Disconnected) {
                    ConnectionEvent.Disconnected d = (ConnectionEvent.Disconnected) e;
                    if (watching.get()) {
                        bar.note(String.format("connection lost (code %d%s)", d.code(),
                                d.reason().isEmpty() ? "" : ", " + d.reason()));
                    }
                } else if (e instanceof ConnectionEvent.RetryScheduled) {
                    ConnectionEvent.RetryScheduled r = (ConnectionEvent.RetryScheduled) e;
                    bar.note(String.format("reconnecting: attempt %d in %d ms", r.attempt(), r.delay().toMillis()));
                } else if (e instanceof ConnectionEvent.GaveUp) {
                    bar.note("gave up reconnecting");
                } else if (e instanceof ConnectionEvent.Connected && watching.get()) {
                    bar.note("reconnected; resuming the measurement");
                }
            });
            MeasurementStream stream = null;
            try {
                await(client.connect(), deadline, "connect");
                bar.note("connected to " + url + " over " + transport);
                watching.set(true);
                stream = client.startMeasurement(measurementId, n);
                if (qualityGate) {
                    gate = SnrQualityGate.watch(stream);
                    gate.thenAccept(v -> bar.note("quality gate: " + v.decision() + ": " + v.reason()));
                }
                finalResult = streamChunks(stream, bar, results, deadline);
            } catch (CancellationException e) {
                cancelled = true;
                if (stream != null) {
                    stream.cancel();
                }
            } finally {
                watching.set(false);
                bar.finish();
            }
            if (!cancelled || gateCancelled(gate)) {
                server = serverInfo(client);
            }
            // The normal end, a failure and Ctrl-C alike: close with 1000 (docs/protocol.md §1.4), bounded.
            client.disconnect().get(5, TimeUnit.SECONDS);
            if (cancelled && !gateCancelled(gate)) {
                progress.println("cancelled: the measurement was stopped and the connection closed");
            }
        } catch (DfxException e) {
            errors.add(error(e, url));
        } catch (ExecutionException e) {
            errors.add(error(e.getCause(), url));
        } catch (TimeoutException e) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("code", "TIMEOUT");
            t.put("status", 0);
            t.put("message", e.getMessage() == null ? "timed out" : e.getMessage());
            t.put("fix", Advice.forError(e, url));
            errors.add(t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.add(Map.of("code", "INTERRUPTED", "status", 0, "message", "interrupted"));
        } catch (RuntimeException e) {
            errors.add(error(e, url));
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        int acked = bar.ackedCount();
        QualityVerdict verdict = null;
        if (gate != null) {
            verdict = gate.getNow(null);
            if (verdict == null) {
                verdict = new QualityVerdict(QualityVerdict.Decision.CONTINUE, -1, Double.NaN,
                        "no verdict: the measurement ended before its last result");
            }
        }
        boolean ok = !cancelled && errors.isEmpty() && acked == n && (verdict == null || verdict.passed());
        return new Outcome(ok, cancelled, measurementId, n, acked, results.get(), elapsedMs,
                latency.percentileMillis(50), latency.percentileMillis(99), transport.name(), errors, finalResult,
                server, verdict);
    }

    private static boolean gateCancelled(CompletableFuture<QualityVerdict> gate) {
        QualityVerdict v = gate == null ? null : gate.getNow(null);
        return v != null && v.decision() == QualityVerdict.Decision.CANCEL;
    }

    /**
     * Asks {@code 0100} General.Status, so that the report can say when the values come from a fake server. Asked
     * after the measurement (it changes nothing mid-stream); a server that does not answer it is simply unknown.
     */
    private static ServerInfo serverInfo(DfxClient client) {
        try {
            DfxMessage m = client.sendMessage(ActionId.GENERAL_STATUS, Map.of(), Duration.ofSeconds(3))
                    .get(4, TimeUnit.SECONDS);
            Map<String, Object> body = m.body();
            return new ServerInfo(String.valueOf(body.getOrDefault("Version", "")),
                    String.valueOf(body.getOrDefault("Region", "")));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Subscribes, queues every chunk and waits for the measurement to complete. @return the final result or null */
    private MeasurementResult streamChunks(MeasurementStream stream, Progress bar, AtomicInteger results, long deadline)
            throws ExecutionException, InterruptedException, TimeoutException {
        stream.results().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(MeasurementResult r) {
                results.incrementAndGet();
                bar.result(r.chunkOrder().isPresent() ? String.valueOf(r.chunkOrder().getAsInt()) : "?",
                        r.isFinal() ? r.statusId() : null);
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
            stream.send(c.toChunk()).thenAccept(ack -> bar.acked(ack.chunkOrder()));
        }
        MeasurementSummary summary = await(stream.completion(), deadline, "measurement");
        return summary.finalResult().orElse(null);
    }

    private void onMessage(DfxMessage m, TimingTransport timing, LatencyStats latency, Progress bar) {
        if (!m.actionId().map(ActionId.MEASUREMENTS_ADD_DATA::equals).orElse(false)) {
            return;
        }
        Long at = timing.handedOverAt(m.requestId());
        if (m.isError()) {
            bar.note(String.format("chunk answered with status %d %s", m.status(), shortText(m)));
        } else if (at != null) {
            latency.add(System.nanoTime() - at);
        }
    }

    private static String shortText(DfxMessage m) {
        ByteBuffer b = m.rawBody();
        String s = StandardCharsets.UTF_8.decode(b).toString();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** Waits for f until the deadline; throws {@link CancellationException} as soon as the cancel signal fires. */
    private <T> T await(CompletableFuture<T> f, long deadlineNanos, String what)
            throws ExecutionException, InterruptedException, TimeoutException {
        long left = deadlineNanos - System.nanoTime();
        try {
            try {
                CompletableFuture.anyOf(f, cancel).get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (ExecutionException failed) {
                // f failed: f.get() below reports its own cause
            }
            if (!f.isDone()) {
                throw new CancellationException("cancelled while waiting for " + what);
            }
            try {
                return f.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof CancellationException) {
                    throw (CancellationException) e.getCause(); // the stream was cancelled (quality gate)
                }
                throw e;
            }
        } catch (TimeoutException e) {
            TimeoutException t = new TimeoutException(what + " did not finish within --timeout");
            t.initCause(e);
            throw t;
        }
    }

    static Map<String, Object> error(Throwable t) {
        return error(t, null);
    }

    /** @return the error's JSON object; with a URL, also {@code fix}: what to do (see {@link Advice}) */
    static Map<String, Object> error(Throwable t, URI url) {
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
        String fix = url == null ? null : Advice.forError(t, url);
        if (fix != null) {
            e.put("fix", fix);
        }
        return e;
    }

    private static String codeOf(Throwable t) {
        String name = t.getClass().getSimpleName().replaceFirst("^Dfx", "").replaceFirst("Exception$", "");
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    }
}
