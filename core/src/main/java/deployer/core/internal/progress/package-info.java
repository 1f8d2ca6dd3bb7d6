/**
 * What a person watching a run sees while it runs: one line per stage in flight with its counts, elapsed time, a bar
 * and the hosts busy. On a terminal ({@link deployer.core.internal.progress.TerminalProgress}) the lines are redrawn in
 * place under the log, with JLine; elsewhere ({@link deployer.core.internal.progress.PlainProgress}) a plain log line
 * now and then for a long stage. Both read the run's events through {@link deployer.core.internal.progress.ProgressBoard}.
 */
package deployer.core.internal.progress;
