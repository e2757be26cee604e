package dev.dfx.testkit.archfixture.cycle;

import dev.dfx.core.archfixture.cycle.CoreSideOfCycle;

/** Breaks rule 2 (cycle-free module graph): the testkit half of the cycle. */
public final class TestkitSideOfCycle {
    CoreSideOfCycle other;
}
