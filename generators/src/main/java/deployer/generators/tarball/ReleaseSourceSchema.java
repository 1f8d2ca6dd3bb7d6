package deployer.generators.tarball;

import deployer.core.config.ConfigKey;
import deployer.core.config.MapSchema;

import static deployer.core.config.ConfigKey.optional;
import static deployer.core.config.ConfigKey.required;
import static deployer.core.config.ValueType.mapping;
import static deployer.core.config.ValueType.oneOf;
import static deployer.core.config.ValueType.strings;
import static deployer.core.config.ValueType.text;

/**
 * The config keys of a release fetched from a URL ({@code service.<s>.release}) and of the version typed on the
 * command line for it ({@code set_version}, {@code --set-version}); {@link TarballSchema} refers to them.
 */
final class ReleaseSourceSchema {

    static final String CONTROLLER = "controller";
    static final String HOSTS = "hosts";

    static final MapSchema CREDENTIALS = MapSchema.of(
            required("username", text(), "the user of HTTP basic authentication"),
            required("password", text(), "its password: write it as ${secret:NAME} (the environment's secrets); it never reaches"
                    + " a command line, a log, a saved plan or a report"));

    static final MapSchema RELEASE = MapSchema.of(
            required("url", text(), "http(s) URL of the package; its file name is read as a package's, <service>_<version>.tar.gz;"
                    + " may hold {version} (then `version` or --set-version SERVICE=VERSION fills it)"),
            optional("sha256", text(), "the package's SHA-256 (64 hex digits); without it, sha256_url (or <url>.sha256) is read"),
            optional("sha256_url", text(), "<url>.sha256", "a file whose first word is the SHA-256 (as sha256sum prints it)"),
            optional("version", text(), "fills {version} in url (--set-version SERVICE=VERSION wins)"),
            optional("fetch", oneOf(CONTROLLER, HOSTS), CONTROLLER, "controller: this machine downloads it once (cached by checksum"
                    + " under $XDG_CACHE_HOME/deployer/releases) and uploads it; hosts: each host downloads it itself with curl or wget"),
            optional("credentials", mapping(CREDENTIALS), "HTTP basic authentication for url and sha256_url"));

    static final ConfigKey SET_VERSION = optional("set_version", strings(),
            "SERVICE=VERSION: the version a service's release url's {version} gets (`--set-version`)");

    private ReleaseSourceSchema() {
    }
}
