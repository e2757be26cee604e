package dev.dfx.core.internal;

import dev.dfx.core.Chunk;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.body.ChunkAck;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives a {@link MeasurementStream} from a {@link Flow.Publisher} of chunks: demand is one chunk at a time, the next
 * requested only when the previous one is acked (so at most one chunk is in flight and the stream's pacing holds
 * the publisher back). The publisher must deliver exactly {@code chunkCount} chunks. No compatibility promise.
 */
public final class OneCallMeasurement implements Flow.Subscriber<Chunk> {
    private final MeasurementStream stream;
    private final int chunkCount;
    private final CompletableFuture<Void> fed = new CompletableFuture<>();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Flow.Subscription subscription;

    /**
     * @param stream the stream to feed
     * @param chunkCount chunks expected
     */
    public OneCallMeasurement(MeasurementStream stream, int chunkCount) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.chunkCount = chunkCount;
        stream.completion().whenComplete((v, e) -> {
            if (e != null) {
                cancelUpstream();
            }
        });
    }

    /**
     * @param chunks the chunks, in order
     * @return a publisher that emits them within demand, then completes (one subscriber)
     */
    public static Flow.Publisher<Chunk> fromList(java.util.List<Chunk> chunks) {
        java.util.List<Chunk> copy = java.util.List.copyOf(chunks);
        return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private int next;
            private long demand;
            private boolean emitting;
            private boolean cancelled;

            @Override
            public void request(long n) {
                synchronized (this) {
                    if (cancelled) {
                        return;
                    }
                    demand += n;
                    if (emitting) {
                        return; // re-entrant request from onNext: the loop below picks it up
                    }
                    emitting = true;
                }
                while (true) {
                    Chunk c;
                    boolean complete;
                    synchronized (this) {
                        if (cancelled || demand <= 0 || next > copy.size()) {
                            emitting = false;
                            return;
                        }
                        complete = next == copy.size();
                        c = complete ? null : copy.get(next);
                        next++;
                        if (!complete) {
                            demand--;
                        }
                    }
                    if (complete) {
                        subscriber.onComplete();
                    } else {
                        subscriber.onNext(c);
                    }
                }
            }

            @Override
            public synchronized void cancel() {
                cancelled = true;
            }
        });
    }

    /** @return completes when every chunk was handed over and acked; fails if the publisher misbehaves */
    public CompletableFuture<Void> fed() {
        return fed;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        Objects.requireNonNull(s, "subscription");
        if (subscription != null) {
            s.cancel();
            return;
        }
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(Chunk chunk) {
        int n = received.incrementAndGet();
        if (n > chunkCount) {
            cancelUpstream();
            fail(new IllegalStateException("the chunk publisher sent more than chunkCount (" + chunkCount
                    + ") chunks"));
            return;
        }
        CompletableFuture<ChunkAck> ack;
        try {
            ack = stream.send(chunk);
        } catch (RuntimeException e) {
            cancelUpstream();
            fail(e);
            return;
        }
        ack.whenComplete((a, e) -> {
            if (e != null) {
                cancelUpstream();
                fail(e);
            } else if (n == chunkCount) {
                ended.set(true);
                fed.complete(null);
            } else {
                subscription.request(1);
            }
        });
    }

    @Override
    public void onError(Throwable t) {
        fail(new IllegalStateException("the chunk publisher failed after " + received.get() + " of " + chunkCount
                + " chunks", t));
        stream.cancel();
    }

    @Override
    public void onComplete() {
        if (received.get() < chunkCount) {
            fail(new IllegalStateException("the chunk publisher completed after " + received.get() + " of "
                    + chunkCount + " chunks; give the right chunkCount"));
            stream.cancel();
        }
    }

    private void fail(Throwable t) {
        if (ended.compareAndSet(false, true)) {
            fed.completeExceptionally(t);
        }
    }

    private void cancelUpstream() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
