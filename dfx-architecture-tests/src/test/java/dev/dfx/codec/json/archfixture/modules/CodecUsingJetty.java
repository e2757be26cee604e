package dev.dfx.codec.json.archfixture.modules;

import dev.dfx.transport.jetty.archfixture.JettyMarker;

/** Breaks rule 2: the codec depends on a transport. */
public final class CodecUsingJetty {
    JettyMarker dependency;
}
