/**
 * Internals of dfx-codec-json (JSON writers and readers, the growable output buffer, the UTF-8 check): no
 * compatibility promise. No other module may use this package.
 */
package dev.dfx.codec.json.internal;
