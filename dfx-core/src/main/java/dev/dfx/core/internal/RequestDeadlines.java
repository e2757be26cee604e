package dev.dfx.core.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The deadlines of one connection's pending requests, so that the connection needs one scheduled timer for all of
 * them instead of two per request (issue 14, BENCHMARKS.md "Design changes", item 2). Each request has a timeout
 * deadline and, when the heartbeat is on, a probe deadline one heartbeat interval after it went (the silent-drop
 * probe, issue 12). Deadlines are {@link dev.dfx.core.port.Ticker} nanos, compared by difference (as
 * {@link System#nanoTime()} readings must be).
 *
 * <p>Shape: intrusive doubly linked FIFO lists, the links living in the request itself ({@link Entry}), so adding and
 * removing are O(1) with no allocation and no garbage left behind: a request answered early is unlinked at once
 * (eager removal), so the lists hold exactly the pending requests and are bounded as they are.
 * <ul>
 *   <li>Timeouts: one list ("lane") per distinct timeout. Requests of one lane go in send order, and the ticker never
 *       goes back, so each lane is already in deadline order and its head is its earliest deadline. Distinct
 *       timeouts are few (the config's request timeout for chunks, logins and retrieves, plus whatever the app
 *       passes to {@code sendMessage}), so the lanes are a small list scanned linearly, which beats a priority queue
 *       (O(log n) insert and remove, and a node or a boxed key per request). An empty lane is dropped, so there are
 *       never more lanes than pending requests.</li>
 *   <li>Probes: all share the one heartbeat interval, so a single FIFO list in send order. A request leaves it once
 *       its probe deadline is handled (each request probes at most once, as before).</li>
 * </ul>
 * The earliest event overall is the minimum over the lane heads and the probe head; equal deadlines go in send order,
 * and for one request its probe before its timeout, which is the order the two timers per request ran in before.
 *
 * <p>Not thread-safe: the engine's serial executor only.
 */
final class RequestDeadlines {
    /** The largest delay kept, about 146 years, so that {@code now + delay} and differences never overflow. */
    static final long MAX_DELAY_NANOS = Long.MAX_VALUE >> 1;

    /** A request as the deadline lists see it: its deadlines and its links. */
    static class Entry {
        private long seq;
        private long timeoutAt;
        private long probeAt;
        private Lane lane;
        private Entry timeoutPrev;
        private Entry timeoutNext;
        private boolean probeLinked;
        private Entry probePrev;
        private Entry probeNext;
        private boolean probeDue;

        /** @return true if the event {@link #pollDue(long)} returned this entry for is its probe, false its timeout */
        final boolean probeDue() {
            return probeDue;
        }

        /** @return true while the entry waits for its timeout (it is in the lists) */
        final boolean linked() {
            return lane != null;
        }
    }

    /** The requests sharing one timeout, in send (and so deadline) order. */
    private static final class Lane {
        final long timeoutNanos;
        Entry head;
        Entry tail;

        Lane(long timeoutNanos) {
            this.timeoutNanos = timeoutNanos;
        }
    }

    private final List<Lane> lanes = new ArrayList<>(2);
    private Entry probeHead;
    private Entry probeTail;
    private long nextSeq;
    private int size;

    /** @return a delay in nanos, capped at {@link #MAX_DELAY_NANOS} */
    static long cap(long nanos) {
        return Math.min(Math.max(nanos, 0), MAX_DELAY_NANOS);
    }

    /**
     * Adds a request that just went out.
     *
     * @param e a request not in the lists
     * @param now ticker nanos now
     * @param timeoutNanos its timeout, positive
     * @param probeNanos the heartbeat interval, or 0 for no probe
     * @return the entry's earliest deadline (ticker nanos)
     */
    long add(Entry e, long now, long timeoutNanos, long probeNanos) {
        if (e.lane != null) {
            throw new IllegalStateException("entry already added");
        }
        long timeout = cap(timeoutNanos);
        e.seq = nextSeq++;
        e.timeoutAt = now + timeout;
        e.probeDue = false;
        Lane lane = lane(timeout);
        e.lane = lane;
        e.timeoutPrev = lane.tail;
        e.timeoutNext = null;
        if (lane.tail == null) {
            lane.head = e;
        } else {
            lane.tail.timeoutNext = e;
        }
        lane.tail = e;
        size++;
        if (probeNanos <= 0) {
            return e.timeoutAt;
        }
        e.probeAt = now + cap(probeNanos);
        e.probeLinked = true;
        e.probePrev = probeTail;
        e.probeNext = null;
        if (probeTail == null) {
            probeHead = e;
        } else {
            probeTail.probeNext = e;
        }
        probeTail = e;
        return before(e.probeAt, e.timeoutAt) ? e.probeAt : e.timeoutAt;
    }

    private Lane lane(long timeoutNanos) {
        for (int i = 0, n = lanes.size(); i < n; i++) {
            Lane l = lanes.get(i);
            if (l.timeoutNanos == timeoutNanos) {
                return l;
            }
        }
        Lane l = new Lane(timeoutNanos);
        lanes.add(l);
        return l;
    }

    /** Removes a request (answered, failed, or due); nothing if it is not in the lists. */
    void remove(Entry e) {
        unlinkProbe(e);
        Lane lane = e.lane;
        if (lane == null) {
            return;
        }
        if (e.timeoutPrev == null) {
            lane.head = e.timeoutNext;
        } else {
            e.timeoutPrev.timeoutNext = e.timeoutNext;
        }
        if (e.timeoutNext == null) {
            lane.tail = e.timeoutPrev;
        } else {
            e.timeoutNext.timeoutPrev = e.timeoutPrev;
        }
        e.timeoutPrev = null;
        e.timeoutNext = null;
        e.lane = null;
        size--;
        if (lane.head == null) {
            lanes.remove(lane);
        }
    }

    private void unlinkProbe(Entry e) {
        if (!e.probeLinked) {
            return;
        }
        if (e.probePrev == null) {
            probeHead = e.probeNext;
        } else {
            e.probePrev.probeNext = e.probeNext;
        }
        if (e.probeNext == null) {
            probeTail = e.probePrev;
        } else {
            e.probeNext.probePrev = e.probePrev;
        }
        e.probePrev = null;
        e.probeNext = null;
        e.probeLinked = false;
    }

    /** @return true if no request is in the lists */
    boolean isEmpty() {
        return size == 0;
    }

    /** @return how many requests are in the lists */
    int size() {
        return size;
    }

    /** @return true if {@code a} is earlier than {@code b} (ticker nanos, compared by difference) */
    static boolean before(long a, long b) {
        return a - b < 0;
    }

    /**
     * The earliest event: the probe head or a lane head, by deadline, then send order, then probe before timeout.
     *
     * @return the entry, with {@link Entry#probeDue} saying which of its events it is; null if the lists are empty
     */
    private Entry first() {
        Entry best = probeHead;
        long bestAt = best == null ? 0 : best.probeAt;
        boolean bestIsProbe = best != null;
        for (int i = 0, n = lanes.size(); i < n; i++) {
            Entry h = lanes.get(i).head;
            if (best == null || before(h.timeoutAt, bestAt)
                    || (h.timeoutAt == bestAt && (h.seq < best.seq || (h.seq == best.seq && !bestIsProbe)))) {
                best = h;
                bestAt = h.timeoutAt;
                bestIsProbe = false;
            }
        }
        if (best != null) {
            best.probeDue = bestIsProbe;
        }
        return best;
    }

    /**
     * @param ifEmpty returned when the lists are empty
     * @return the earliest deadline of any event (ticker nanos), or {@code ifEmpty}
     */
    long earliest(long ifEmpty) {
        Entry e = first();
        if (e == null) {
            return ifEmpty;
        }
        return e.probeDue ? e.probeAt : e.timeoutAt;
    }

    /**
     * Takes the earliest event if it is due: a probe leaves the probe list (the request stays for its timeout), a
     * timeout removes the request.
     *
     * @param now ticker nanos now
     * @return the entry whose event is due, {@link Entry#probeDue()} telling which; null if none is due
     */
    Entry pollDue(long now) {
        Entry e = first();
        if (e == null) {
            return null;
        }
        if (e.probeDue) {
            if (before(now, e.probeAt)) {
                return null;
            }
            unlinkProbe(e);
            return e;
        }
        if (before(now, e.timeoutAt)) {
            return null;
        }
        remove(e);
        return e;
    }

    /** Drops every request (the connection ended; the engine fails or hands them over itself). */
    void clear() {
        Entry e;
        while ((e = first()) != null) {
            remove(e);
        }
    }
}
