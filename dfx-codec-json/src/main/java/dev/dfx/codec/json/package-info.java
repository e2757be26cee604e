/**
 * The JSON body codec: an adapter on the hexagon's {@link dev.dfx.core.port.BodyCodec} port, built on Jackson 3.
 * {@link dev.dfx.codec.json.JacksonBodyCodec} turns the records of {@link dev.dfx.core.body} (and generic map trees)
 * into the JSON bodies of docs/protocol.md §1.3, §4, §5 and §6 and back. It knows nothing of sockets or frame envelopes.
 * {@link dev.dfx.codec.json.JacksonCodecModule} binds it in Guice (optional dependency).
 */
package dev.dfx.codec.json;
