package dev.dfx.codec.json.archfixture.internals;

import dev.dfx.core.internal.archfixture.CoreInternalHelper;

/** Breaks rule 4: the codec calls into core's internal package. */
public final class CodecUsingCoreInternals {
    void run() {
        CoreInternalHelper.help();
    }
}
