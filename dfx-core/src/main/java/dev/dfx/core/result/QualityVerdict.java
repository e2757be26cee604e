package dev.dfx.core.result;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SnrQualityGate} says after a result (docs/protocol.md §5.3). Immutable.
 *
 * @param decision what to do
 * @param chunkIndex the 0-based chunk index of the result that led to this verdict, or −1 before any result
 * @param snr that result's SNR value ({@code Data / Multiplier}, median if several), or NaN if it carried none
 * @param reason a sentence for people, naming the rule applied; never null
 */
public record QualityVerdict(Decision decision, int chunkIndex, double snr, String reason) {

    /** The decisions of the §5.3 rule. */
    public enum Decision {
        /** Keep measuring: no rule fired yet. */
        CONTINUE,
        /** Cancel the measurement now: SNR &lt; 0.5 at 15 s, or in two of the chunks after it. Final. */
        CANCEL,
        /** The last chunk's SNR is at least 0.5 (or absent): the results may be shown. Final. */
        SHOW_RESULTS,
        /** The last chunk's SNR is below 0.5: do not show the results. Final. */
        HIDE_RESULTS
    }

    /**
     * Validates.
     *
     * @throws NullPointerException if decision or reason is null
     * @throws IllegalArgumentException if chunkIndex is below −1
     */
    public QualityVerdict {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
        if (chunkIndex < -1) {
            throw new IllegalArgumentException("chunkIndex must be -1 or more, got " + chunkIndex);
        }
    }

    /** @return true for CANCEL, SHOW_RESULTS and HIDE_RESULTS: later results do not change it */
    public boolean isFinal() {
        return decision != Decision.CONTINUE;
    }

    /** @return true unless the decision is CANCEL or HIDE_RESULTS */
    public boolean passed() {
        return decision == Decision.CONTINUE || decision == Decision.SHOW_RESULTS;
    }

    /** @return the sentinel the SNR value is, if any (§5.3) */
    public Optional<SnrSentinel> sentinel() {
        return SnrSentinel.of(snr);
    }
}
