package dev.dfx.transport.jetty.archfixture.modules;

import dev.dfx.core.archfixture.CoreMarker;

/** Keeps rule 2: a transport may depend on core. */
public final class JettyUsingCore {
    CoreMarker dependency;
}
