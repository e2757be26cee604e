/**
 * The hexagon's ports: {@link dev.dfx.core.port.Transport} (WebSocket I/O), {@link dev.dfx.core.port.BodyCodec}
 * (message bodies) and {@link dev.dfx.core.port.Scheduler} (time). Adapters implement them in their own modules; the
 * core depends only on these interfaces.
 */
package dev.dfx.core.port;
