/**
 * dfx-codec-json: the {@link dev.dfx.core.port.BodyCodec} port implemented on Jackson 3. An adapter of the hexagon; it
 * knows message bodies and nothing of sockets or frame envelopes.
 */
package dev.dfx.codec.json;
