package deployer.generators.tarball;

import deployer.core.model.Task;

/**
 * The {@code fetch_release} task that puts a package fetched from its URL into a host's staging folder, where
 * {@code upload} puts a local one: downloaded by this machine (cached by checksum) and uploaded, or by the host itself.
 * Either way the checksum is verified before the unpack, so a bad download stops the deploy before any host switches.
 */
final class ReleaseFetch {

    private ReleaseFetch() {
    }

    static Task task(ServiceSpec service, TargetHost host, Package pkg, String destination, PlatformSettings settings) {
        ReleaseSource src = pkg.source();
        Task.Builder b = Tasks.on("fetch_release", service, host, settings)
                .arg("url", src.url())
                .arg("destination", destination)
                .arg("fetch", src.fetch());
        if (src.sha256() != null) {
            b.arg("sha256", src.sha256());
        } else {
            b.arg("sha256_url", src.sha256Url());
        }
        if (src.username() != null) {
            b.arg("username", src.username()).arg("password", src.password()).sensitive("password");
        }
        return b.build();
    }
}
