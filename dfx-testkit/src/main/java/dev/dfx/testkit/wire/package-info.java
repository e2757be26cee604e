/**
 * The seam between the fake server's protocol engine and its front ends (in memory, real socket): the engine decides
 * handshakes and speaks through {@link dev.dfx.testkit.wire.PeerChannel}; front ends feed
 * {@link dev.dfx.testkit.wire.ServerConnection}. Test infrastructure, outside the hexagon's production code.
 */
package dev.dfx.testkit.wire;
