/**
 * Frame envelopes of the DFX WebSocket API (docs/protocol.md §2): the 14-byte request header and the 13-byte response
 * header around a body. Part of the hexagon's core.
 */
package dev.dfx.core.frame;
