/**
 * Internal: the engine's implementation — how hosts are reached ({@code host}, {@code host.ssh}), the CLIs
 * ({@code cli}), log setup and masking ({@code log}) and the job queue and run machinery ({@code exec}). No
 * stability promise: it may change in any release. Embedding programs use {@code deployer.core.api}; commands
 * and generators use {@code spi}, {@code model}, {@code config} and {@code json.Node} only (an architecture test
 * enforces it).
 */
package deployer.core.internal;
