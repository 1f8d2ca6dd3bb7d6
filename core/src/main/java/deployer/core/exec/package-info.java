/**
 * Public API: the run types the facade hands out — a validated plan, the {@link deployer.core.exec.Run} it starts,
 * its ordered event stream, listeners, task results and report, and the journal and failure policies. The
 * engine's own machinery (job queue, timers, sudo wrapping, log listener) is in
 * {@code deployer.core.internal.exec} and carries no stability promise.
 */
package deployer.core.exec;
