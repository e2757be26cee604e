package dev.dfx.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * A {@link Flow.Publisher} that replays every item it ever published to each subscriber, from the first, then
 * follows live items, and ends every subscriber with the stream's completion or error.
 *
 * <p>All state lives on one serial executor: {@link #publish}, {@link #complete} and {@link #error} must be called
 * on it, and every subscriber signal runs on it, so signals are serial (Reactive Streams §1.3). {@code subscribe},
 * {@code request} and {@code cancel} may be called from any thread; they hop onto the executor, so a
 * {@code request} made inside {@code onNext} runs after it returns (bounded recursion, §3.3). Demand is honoured
 * exactly (§1.1); {@code request(n <= 0)} signals {@link IllegalArgumentException} (§3.9); a subscriber that throws
 * is cancelled (§2.13).
 *
 * @param <T> the item type
 */
public final class ReplayPublisher<T> implements Flow.Publisher<T> {
    private static final System.Logger LOG = System.getLogger(ReplayPublisher.class.getName());
    private final Executor serial;
    private final List<T> items = new ArrayList<>();
    private final List<Sub> subscriptions = new ArrayList<>();
    private boolean completed;
    private Throwable failure;

    /** @param serial the serial executor everything runs on */
    public ReplayPublisher(Executor serial) {
        this.serial = Objects.requireNonNull(serial, "serial");
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Sub sub = new Sub(subscriber);
        serial.execute(() -> {
            subscriptions.add(sub);
            try {
                subscriber.onSubscribe(sub);
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.WARNING, "subscriber threw from onSubscribe; cancelled", e);
                sub.cancelNow();
                return;
            }
            sub.drain();
        });
    }

    /** @param item the next item; on the serial executor, before completion */
    public void publish(T item) {
        Objects.requireNonNull(item, "item");
        if (isTerminated()) {
            throw new IllegalStateException("publisher already terminated");
        }
        items.add(item);
        drainAll();
    }

    /** Completes every subscriber once it has every item. On the serial executor; no-op once terminated. */
    public void complete() {
        if (!isTerminated()) {
            completed = true;
            drainAll();
        }
    }

    /** @param error fails every subscriber once it has every item; on the serial executor; no-op once terminated */
    public void error(Throwable error) {
        Objects.requireNonNull(error, "error");
        if (!isTerminated()) {
            failure = error;
            drainAll();
        }
    }

    /** @return the items published so far; on the serial executor */
    public List<T> items() {
        return List.copyOf(items);
    }

    private boolean isTerminated() {
        return completed || failure != null;
    }

    private void drainAll() {
        for (Sub s : List.copyOf(subscriptions)) {
            s.drain();
        }
    }

    private final class Sub implements Flow.Subscription {
        private final Flow.Subscriber<? super T> subscriber;
        private long demand;
        private int index;
        private boolean done;
        private boolean draining;

        Sub(Flow.Subscriber<? super T> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            serial.execute(() -> {
                if (done) {
                    return;
                }
                if (n <= 0) {
                    cancelNow();
                    signal(() -> subscriber.onError(new IllegalArgumentException(
                            "Reactive Streams §3.9: request(n) needs n > 0, got " + n)));
                    return;
                }
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                drain();
            });
        }

        @Override
        public void cancel() {
            serial.execute(this::cancelNow);
        }

        void cancelNow() {
            done = true;
            subscriptions.remove(this);
        }

        void drain() {
            if (done || draining) {
                return;
            }
            draining = true;
            try {
                while (!done && demand > 0 && index < items.size()) {
                    T item = items.get(index++);
                    demand--;
                    try {
                        subscriber.onNext(item);
                    } catch (Throwable e) {
                        LOG.log(System.Logger.Level.WARNING, "subscriber threw from onNext; cancelled", e);
                        cancelNow();
                        return;
                    }
                }
                if (!done && index == items.size() && isTerminated()) {
                    cancelNow();
                    Throwable f = failure;
                    signal(f == null ? subscriber::onComplete : () -> subscriber.onError(f));
                }
            } finally {
                draining = false;
            }
        }

        private void signal(Runnable r) {
            try {
                r.run();
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.WARNING, "subscriber threw from a terminal signal; ignored", e);
            }
        }
    }
}
