package dev.dfx.core.archfixture.javabase;

import javax.swing.JButton;

/** Breaks rule 1: core uses {@code javax.swing} (module java.desktop). */
public final class CoreUsingSwing {
    JButton button;
}
