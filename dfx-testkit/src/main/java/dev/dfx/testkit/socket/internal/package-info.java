/**
 * Internal to the testkit's socket front end: no compatibility promise. It holds only what Jetty forces to be public
 * (the endpoint class it binds by reflection).
 */
package dev.dfx.testkit.socket.internal;
