package dev.dfx.testkit.archfixture.modules;

import dev.dfx.codec.json.archfixture.CodecMarker;
import dev.dfx.core.archfixture.CoreMarker;

/** Keeps rule 2: the testkit may depend on core and on the JSON codec. */
public final class TestkitUsingCoreAndCodec {
    CoreMarker core;
    CodecMarker codec;
}
