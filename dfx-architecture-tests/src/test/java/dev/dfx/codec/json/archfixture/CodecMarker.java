package dev.dfx.codec.json.archfixture;

/** Architecture-test fixture: a class that stands for module {@code dfx-codec-json}, as a dependency target. */
public final class CodecMarker {
}
