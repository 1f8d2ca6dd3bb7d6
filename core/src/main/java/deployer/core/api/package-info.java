/**
 * Public API: the deployer as a library for programs that embed it ({@link deployer.core.api.Deployer} opens a
 * {@link deployer.core.api.Deployment}: config, generate, validate, run, report). Everything under
 * {@code deployer.core.internal} is the engine's own and carries no stability promise.
 */
package deployer.core.api;
