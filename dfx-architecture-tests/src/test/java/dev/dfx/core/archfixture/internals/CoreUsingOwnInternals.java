package dev.dfx.core.archfixture.internals;

import dev.dfx.core.internal.archfixture.CoreInternalHelper;

/** Keeps rule 4: core may use its own internal package. */
public final class CoreUsingOwnInternals {
    void run() {
        CoreInternalHelper.help();
    }
}
