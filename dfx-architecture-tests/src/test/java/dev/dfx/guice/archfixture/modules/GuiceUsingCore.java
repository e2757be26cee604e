package dev.dfx.guice.archfixture.modules;

import dev.dfx.core.archfixture.CoreMarker;

/** Keeps rule 2: dfx-guice may depend on core. */
public final class GuiceUsingCore {
    CoreMarker dependency;
}
