package deployer.generators.test;

import deployer.core.config.MapSchema;

import static deployer.core.config.ConfigKey.optional;
import static deployer.core.config.ValueType.anyOf;
import static deployer.core.config.ValueType.entries;
import static deployer.core.config.ValueType.mapping;
import static deployer.core.config.ValueType.strings;
import static deployer.core.config.ValueType.text;
import static deployer.core.config.ValueType.whole;

/**
 * The keys of the spec's example config (conf/test.yaml). The test generator reads none of them: they are declared
 * so that the spec's example validates exactly as written, and a typo in it is still caught.
 */
final class TestSchema {

    static final MapSchema SERVICE = MapSchema.of(
            optional("hosts", strings(), "the host groups the service runs on"),
            optional("port", anyOf(whole(1, 65535), text()), "the service's port"));

    static final MapSchema TOP = MapSchema.of(
            optional("hostgroup", entries("host group", deployer.core.config.ValueType.hosts()), "host groups: a list of hosts each"),
            optional("service", entries("service", mapping(SERVICE)), "services by name"));

    private TestSchema() {
    }
}
