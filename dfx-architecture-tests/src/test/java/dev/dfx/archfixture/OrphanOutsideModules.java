package dev.dfx.archfixture;

/** Breaks the module table rule: {@code dev.dfx.archfixture} is no dfx module's root package. */
public final class OrphanOutsideModules {
}
