/**
 * Internals of dfx-core: no compatibility promise. No other module may use this package.
 */
package dev.dfx.core.internal;
