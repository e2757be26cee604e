package dev.dfx.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Issue 14: the per-connection deadline lists behind the engine's one request timer. */
class RequestDeadlinesTest {

    private static final class E extends RequestDeadlines.Entry {
        final String name;

        E(String name) {
            this.name = name;
        }
    }

    private static List<String> drain(RequestDeadlines d, long now) {
        List<String> out = new ArrayList<>();
        RequestDeadlines.Entry e;
        while ((e = d.pollDue(now)) != null) {
            out.add(((E) e).name + (e.probeDue() ? ":probe" : ":timeout"));
        }
        return out;
    }

    @Test
    void eventsComeInDeadlineOrder_acrossTimeouts_probeBeforeTimeoutOnATie() {
        RequestDeadlines d = new RequestDeadlines();
        assertThat(d.add(new E("a"), 0, 50, 10)).isEqualTo(10);
        assertThat(d.add(new E("b"), 0, 20, 10)).isEqualTo(10);
        assertThat(d.add(new E("c"), 5, 20, 20)).isEqualTo(25); // probe and timeout both at 25
        assertThat(d.earliest(-1)).isEqualTo(10);
        assertThat(drain(d, 9)).isEmpty();
        assertThat(drain(d, 10)).containsExactly("a:probe", "b:probe");
        assertThat(d.earliest(-1)).isEqualTo(20);
        assertThat(drain(d, 100)).containsExactly("b:timeout", "c:probe", "c:timeout", "a:timeout");
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.earliest(-1)).isEqualTo(-1);
    }

    @Test
    void removedEntries_leaveAtOnce_fromAnyPlace_andTheListsHoldOnlyWhatIsPending() {
        RequestDeadlines d = new RequestDeadlines();
        List<E> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            E e = new E("r" + i);
            d.add(e, i, i % 2 == 0 ? 30 : 70, 10);
            all.add(e);
            if (i >= 2) {
                d.remove(all.get(i - 2)); // answered two requests later
            }
            assertThat(d.size()).isLessThanOrEqualTo(2);
        }
        d.remove(all.get(998));
        assertThat(all.get(998).linked()).isFalse();
        assertThat(drain(d, 999 + 10)).containsExactly("r999:probe");
        assertThat(drain(d, 999 + 70)).containsExactly("r999:timeout");
        d.remove(all.get(999)); // already gone: nothing happens
        assertThat(d.isEmpty()).isTrue();
    }

    @Test
    void tickerNanosNearOverflow_compareByDifference_andHugeTimeoutsAreCapped() {
        RequestDeadlines d = new RequestDeadlines();
        long now = Long.MAX_VALUE - 5;
        d.add(new E("soon"), now, 10, 0); // deadline wraps past Long.MAX_VALUE
        d.add(new E("never"), now, Long.MAX_VALUE, 0);
        assertThat(drain(d, now + 9)).isEmpty();
        assertThat(drain(d, now + 10)).containsExactly("soon:timeout");
        assertThat(d.size()).isEqualTo(1);
        d.clear();
        assertThat(d.isEmpty()).isTrue();
    }

    /**
     * Against a plain model (every pending event in a list, the earliest taken by deadline, then send order, then
     * probe before timeout): random adds with few and many distinct timeouts, huge ones, eager removals and polls,
     * on a ticker that starts just below Long.MAX_VALUE and wraps. Every poll must return exactly the model's event,
     * and earliest() and size() must agree with it throughout.
     */
    @Test
    void randomOperations_matchAPlainModel_acrossTheTickerWrap() {
        for (int seed = 0; seed < 40; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            RequestDeadlines d = new RequestDeadlines();
            long probe = seed % 4 == 0 ? 0 : 1 + r.nextLong(50); // 0: heartbeat off, no probes at all
            long[] fewTimeouts = {10, 30, 30, 75};
            boolean manyLanes = seed % 3 == 0;
            long now = Long.MAX_VALUE - r.nextLong(2000);
            List<long[]> model = new ArrayList<>(); // {entryIndex, at, seq, isProbe}
            List<E> entries = new ArrayList<>();
            long seq = 0;
            for (int step = 0; step < 3000; step++) {
                int op = r.nextInt(10);
                if (op < 5) {
                    long timeout = r.nextInt(100) == 0 ? Long.MAX_VALUE
                            : manyLanes ? 1 + r.nextLong(200) : fewTimeouts[r.nextInt(fewTimeouts.length)];
                    E e = new E("r" + entries.size());
                    entries.add(e);
                    long first = d.add(e, now, timeout, probe);
                    long timeoutAt = now + RequestDeadlines.cap(timeout);
                    model.add(new long[] {entries.size() - 1, timeoutAt, seq, 0});
                    long expectedFirst = timeoutAt;
                    if (probe > 0) {
                        model.add(new long[] {entries.size() - 1, now + probe, seq, 1});
                        expectedFirst = RequestDeadlines.before(now + probe, timeoutAt) ? now + probe : timeoutAt;
                    }
                    assertThat(first).isEqualTo(expectedFirst);
                    seq++;
                } else if (op < 7) {
                    if (!model.isEmpty()) {
                        int victim = (int) model.get(r.nextInt(model.size()))[0];
                        d.remove(entries.get(victim));
                        model.removeIf(ev -> ev[0] == victim);
                    }
                } else {
                    now += r.nextLong(40);
                    long at = now;
                    Comparator<long[]> order = Comparator.<long[]>comparingLong(ev -> ev[1] - at)
                            .thenComparingLong(ev -> ev[2]).thenComparingLong(ev -> -ev[3]);
                    while (true) {
                        long[] expected = model.stream().min(order).orElse(null);
                        RequestDeadlines.Entry got = d.pollDue(now);
                        if (expected == null || RequestDeadlines.before(now, expected[1])) {
                            assertThat(got).as("seed %d step %d: nothing due", seed, step).isNull();
                            break;
                        }
                        assertThat(got).as("seed %d step %d", seed, step).isSameAs(entries.get((int) expected[0]));
                        assertThat(got.probeDue()).isEqualTo(expected[3] == 1);
                        if (expected[3] == 1) {
                            model.remove(expected);
                        } else {
                            model.removeIf(ev -> ev[0] == expected[0]);
                        }
                    }
                }
                long pendingEntries = model.stream().mapToLong(ev -> ev[0]).distinct().count();
                assertThat(d.size()).isEqualTo(pendingEntries);
                long at = now;
                long[] earliest = model.stream().min(Comparator.comparingLong(ev -> ev[1] - at)).orElse(null);
                assertThat(d.earliest(42)).isEqualTo(earliest == null ? 42 : earliest[1]);
            }
            d.clear();
            assertThat(d.isEmpty()).isTrue();
            assertThat(d.pollDue(now + (Long.MAX_VALUE >> 1))).isNull();
        }
    }
}
