/**
 * Message bodies of the DFX WebSocket API (docs/protocol.md §1.3, §4, §5, §6) as immutable records. The
 * {@link dev.dfx.core.port.BodyCodec} port turns them into bytes and back. Part of the hexagon's core.
 */
package dev.dfx.core.body;
