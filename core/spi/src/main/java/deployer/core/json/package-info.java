/**
 * Public API: the tasklist JSON contract (reader and writer) and the {@link deployer.core.json.Node} tree that
 * generators read their inputs with.
 */
package deployer.core.json;
