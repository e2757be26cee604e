/**
 * Deliberately bad (and a few deliberately good) classes for the architecture tests, placed in the packages they
 * imitate. Test sources only: the production import excludes them.
 */
package dev.dfx.core.archfixture;
