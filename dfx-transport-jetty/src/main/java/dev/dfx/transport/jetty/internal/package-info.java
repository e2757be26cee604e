/**
 * Internal to dfx-transport-jetty: no compatibility promise, and no other module may use it. It holds only what Jetty
 * forces to be public (the endpoint class it binds by reflection).
 */
package dev.dfx.transport.jetty.internal;
