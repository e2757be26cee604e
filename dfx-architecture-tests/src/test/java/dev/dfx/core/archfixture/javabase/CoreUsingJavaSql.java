package dev.dfx.core.archfixture.javabase;

import java.sql.Timestamp;

/** Breaks rule 1: core uses {@code java.sql} (module java.sql). */
public final class CoreUsingJavaSql {
    Timestamp at = new Timestamp(0L);
}
