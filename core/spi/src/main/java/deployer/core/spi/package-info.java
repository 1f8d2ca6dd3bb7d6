/**
 * Public API: the extension points that commands and generators implement and the interfaces they are handed
 * (hosts, contexts, results, shell quoting). Plugins build on this, {@code model}, {@code config} and
 * {@code json.Node} only, never on {@code deployer.core.internal}.
 */
package deployer.core.spi;
