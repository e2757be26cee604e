package dev.dfx.codec.json;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.dfx.core.port.BodyCodec;

/**
 * Guice module binding {@link BodyCodec} to {@link JacksonBodyCodec#create()}, the same factory the plain builder
 * uses (STYLE.md §7). Guice is an optional dependency of this jar: only this class touches it.
 */
public final class JacksonCodecModule extends AbstractModule {

    /** Creates the module. */
    public JacksonCodecModule() {
    }

    @Provides
    @Singleton
    BodyCodec bodyCodec() {
        return JacksonBodyCodec.create();
    }
}
