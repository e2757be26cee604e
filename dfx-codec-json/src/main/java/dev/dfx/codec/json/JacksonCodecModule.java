package dev.dfx.codec.json;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.dfx.core.port.BodyCodec;

/**
 * Guice binding of {@link BodyCodec} to {@link JacksonBodyCodec#create()}, the same factory the plain builder path
 * uses (docs/style.md §7). Guice is an optional dependency of this jar: only this class needs it.
 */
public final class JacksonCodecModule extends AbstractModule {
    /** Creates the module. */
    public JacksonCodecModule() {
    }

    /** @return the one codec of the injector */
    @Provides
    @Singleton
    BodyCodec bodyCodec() {
        return JacksonBodyCodec.create();
    }
}
