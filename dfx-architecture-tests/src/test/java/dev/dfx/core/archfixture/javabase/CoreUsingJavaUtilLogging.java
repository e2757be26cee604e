package dev.dfx.core.archfixture.javabase;

/** Breaks rule 1 (and rule 5): core uses {@code java.util.logging} (module java.logging). */
public final class CoreUsingJavaUtilLogging {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger("x");
}
