package dev.dfx.guice.archfixture.injection;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.TypeLiteral;
import jakarta.inject.Singleton;
import java.util.List;

/** Keeps rule 3: a {@code *Module} class, with a nested class and an anonymous {@code TypeLiteral}, uses Guice. */
public final class FixtureClientModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(new TypeLiteral<List<String>>() { }).toInstance(List.of());
    }

    @Provides
    @Singleton
    Settings settings() {
        return new Settings();
    }

    /** A nested class of the module: part of it. */
    public static final class Settings {
        @com.google.inject.Inject(optional = true)
        String name = "x";
    }
}
