package dev.dfx.core.archfixture.modules;

import dev.dfx.guice.archfixture.GuiceMarker;

/** Breaks rule 2: core depends on another dfx module. */
public final class CoreUsingGuiceModule {
    GuiceMarker dependency;
}
