/**
 * The error tree of dfx-java (docs/style.md §5): one unchecked root, {@link dev.dfx.core.error.DfxException}. Part of the
 * hexagon's core; java.base only.
 */
package dev.dfx.core.error;
