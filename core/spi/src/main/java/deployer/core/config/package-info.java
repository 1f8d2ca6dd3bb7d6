/**
 * Public API: the layered config ({@link deployer.core.config.Config}) and the schema types generators declare
 * their keys with ({@link deployer.core.config.ConfigKey}, {@link deployer.core.config.MapSchema},
 * {@link deployer.core.config.ValueType}).
 */
package deployer.core.config;
