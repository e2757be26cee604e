package dev.dfx.testkit.server.internal;

import dev.dfx.core.ActionId;
import dev.dfx.testkit.server.Fault;
import dev.dfx.testkit.server.FaultSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The armed faults, in arming order. Thread-safe. */
public final class FaultBook {
    private final List<Armed> armed = new ArrayList<>();

    private static final class Armed {
        final FaultSpec spec;
        int framesLeft;

        Armed(FaultSpec spec) {
            this.spec = spec;
            this.framesLeft = spec.frames();
        }
    }

    /** @param spec the fault to arm */
    public synchronized void arm(FaultSpec spec) {
        armed.add(new Armed(Objects.requireNonNull(spec, "spec")));
    }

    /** Disarms every fault. */
    public synchronized void clear() {
        armed.clear();
    }

    /** @return the armed faults, in arming order */
    public synchronized List<FaultSpec> armed() {
        List<FaultSpec> out = new ArrayList<>();
        for (Armed a : armed) {
            out.add(a.spec);
        }
        return List.copyOf(out);
    }

    /**
     * Fires the first armed fault of a kind that matches an action, using it up unless persistent.
     *
     * @param fault the kind
     * @param action the request's action, or null for faults without one
     * @return the fired spec, or empty
     */
    public synchronized Optional<FaultSpec> take(Fault fault, ActionId action) {
        for (Iterator<Armed> it = armed.iterator(); it.hasNext(); ) {
            Armed a = it.next();
            if (a.spec.fault() == fault && (action == null || a.spec.matches(action))) {
                if (a.spec.oneShot()) {
                    it.remove();
                }
                return Optional.of(a.spec);
            }
        }
        return Optional.empty();
    }

    /**
     * Counts one received frame against every armed DROP_AFTER_N.
     *
     * @return true if one of them reached its count: the frame's connection must be dropped
     */
    public synchronized boolean countFrameForDrop() {
        boolean drop = false;
        for (Iterator<Armed> it = armed.iterator(); it.hasNext(); ) {
            Armed a = it.next();
            if (a.spec.fault() != Fault.DROP_AFTER_N) {
                continue;
            }
            a.framesLeft--;
            if (a.framesLeft <= 0) {
                drop = true;
                if (!a.spec.oneShot()) {
                    a.framesLeft = a.spec.frames();
                } else {
                    it.remove();
                }
            }
        }
        return drop;
    }
}
