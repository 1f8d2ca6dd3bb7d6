package deployer.generators.tarball;

import java.nio.file.Path;

/**
 * One release file to deploy: {@code <service>_<version>.tar.gz} (or .tgz, .tar, .war).
 *
 * @param file   the local file; for a release fetched from a URL only its name counts
 * @param source where it is fetched from ({@code service.<s>.release}), null for a local file
 */
public record Package(String service, String version, Path file, ReleaseSource source) {

    public Package(String service, String version, Path file) {
        this(service, version, file, null);
    }

    /** The release directory's name on every host: {@code <service>_<version>}. */
    public String releaseName() {
        return service + "_" + version;
    }

    public String fileName() {
        return file.getFileName().toString();
    }
}
