package dev.dfx.codec.json.archfixture.modules;

import dev.dfx.core.archfixture.CoreMarker;

/** Keeps rule 2: the codec may depend on core. */
public final class CodecUsingCore {
    CoreMarker dependency;
}
