package dev.dfx.core.archfixture.cycle;

import dev.dfx.testkit.archfixture.cycle.TestkitSideOfCycle;

/** Breaks rule 2 (cycle-free module graph): core and the testkit depend on each other. */
public final class CoreSideOfCycle {
    TestkitSideOfCycle other;
}
