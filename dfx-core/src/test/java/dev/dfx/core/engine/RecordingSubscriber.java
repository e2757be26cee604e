package dev.dfx.core.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/** A subscriber that records its signals, asks for {@code initialDemand} on subscribe, and lets the test request more. */
final class RecordingSubscriber<T> implements Flow.Subscriber<T> {
    final List<T> items = new CopyOnWriteArrayList<>();
    final List<String> signals = new CopyOnWriteArrayList<>();
    private final long initialDemand;
    volatile Flow.Subscription subscription;
    volatile Throwable error;
    volatile boolean completed;

    RecordingSubscriber(long initialDemand) {
        this.initialDemand = initialDemand;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        signals.add("subscribe");
        subscription = s;
        if (initialDemand > 0) {
            s.request(initialDemand);
        }
    }

    @Override
    public void onNext(T item) {
        signals.add("next");
        items.add(item);
    }

    @Override
    public void onError(Throwable t) {
        signals.add("error");
        error = t;
    }

    @Override
    public void onComplete() {
        signals.add("complete");
        completed = true;
    }

    void request(long n) {
        subscription.request(n);
    }
}
