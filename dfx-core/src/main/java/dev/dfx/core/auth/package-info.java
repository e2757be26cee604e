/**
 * Credentials, tokens and their storage (docs/protocol.md §1.3): the {@link dev.dfx.core.auth.Credentials} a client is
 * configured with, the {@link dev.dfx.core.auth.TokenPair} the server hands out, its JWT claims, the
 * {@link dev.dfx.core.auth.TokenStore} port with an in-memory and a file implementation, and the cluster
 * {@link dev.dfx.core.auth.DfxRegion}s. Part of the hexagon's core (java.base only). Nothing here ever shows a token,
 * refresh token, licence key or password in {@code toString()} or in an exception message.
 */
package dev.dfx.core.auth;
