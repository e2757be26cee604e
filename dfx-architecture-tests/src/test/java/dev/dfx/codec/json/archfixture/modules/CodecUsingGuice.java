package dev.dfx.codec.json.archfixture.modules;

import dev.dfx.guice.archfixture.GuiceMarker;

/** Breaks rule 2: the codec depends on dfx-guice. */
public final class CodecUsingGuice {
    GuiceMarker dependency;
}
