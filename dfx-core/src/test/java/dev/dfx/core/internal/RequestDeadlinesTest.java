package dev.dfx.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
}
