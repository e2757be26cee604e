package dev.dfx.transport.jetty.archfixture.injection;

import jakarta.inject.Inject;

/** Breaks rule 3: a class not named {@code *Module} carries {@code jakarta.inject.Inject}, and nothing else. */
public final class InjectedJettyHelper {
    @Inject
    InjectedJettyHelper() {
    }
}
