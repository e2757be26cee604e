package dev.dfx.guice.archfixture.injection;

import com.google.inject.Provider;

/** Breaks rule 3: a class not named {@code *Module} implements a Guice type. */
public final class ClientProvider implements Provider<String> {
    @Override
    public String get() {
        return "client";
    }
}
