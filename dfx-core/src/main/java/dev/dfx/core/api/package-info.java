/**
 * Typed requests and responses of the DFX actions a WebSocket-only client needs (docs/protocol.md §1.3, §3.3, §5.4),
 * grouped the way the API groups them: {@link dev.dfx.core.api.Organizations}, {@link dev.dfx.core.api.Users},
 * {@link dev.dfx.core.api.Auths}, {@link dev.dfx.core.api.General}, {@link dev.dfx.core.api.Measurements} and
 * {@link dev.dfx.core.api.Studies}, reached from {@link dev.dfx.core.DfxClient}. Requests are records with a
 * {@code toBody()} tree in the WS form of §3 ({@code Params}, {@code Query}, top-level fields); responses are records
 * read tolerantly (unknown fields ignored, optional fields may be missing). Part of the hexagon's core.
 */
package dev.dfx.core.api;
