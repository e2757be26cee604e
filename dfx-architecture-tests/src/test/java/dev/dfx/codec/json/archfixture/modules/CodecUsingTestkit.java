package dev.dfx.codec.json.archfixture.modules;

import dev.dfx.testkit.archfixture.TestkitMarker;

/** Breaks rule 2: the codec depends on the testkit. */
public final class CodecUsingTestkit {
    TestkitMarker dependency;
}
