/**
 * Public API: the data records of a tasklist and a run (tasks, stages, hosts, ids, problems, secrets), shared by
 * the engine, the SPI and embedding programs.
 */
package deployer.core.model;
