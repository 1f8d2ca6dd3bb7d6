package deployer.generators.tarball;

import java.nio.file.Path;

/** One release file to deploy: {@code <service>_<version>.tar.gz} (or .tgz, .tar, .war). */
public record Package(String service, String version, Path file) {

    /** The release directory's name on every host: {@code <service>_<version>}. */
    public String releaseName() {
        return service + "_" + version;
    }

    public String fileName() {
        return file.getFileName().toString();
    }
}
