package dev.dfx.core.archfixture.javabase;

import com.google.inject.Inject;

/** Breaks rule 1: a core class carries Guice's {@code @Inject}. */
public final class CoreUsingGuiceInject {
    @Inject
    CoreUsingGuiceInject() {
    }
}
