package deployer.generators.tarball;

/**
 * Where a service's package is fetched from ({@code service.<s>.release}), as the plan's fetch task needs it.
 *
 * @param sha256    the package's checksum (lower-case hex), or null when it is read at run time from {@code sha256Url}
 *                  (a source with credentials: they are secrets, which planning does not see)
 * @param sha256Url null when {@code sha256} is known
 * @param fetch     {@link ReleaseSourceSchema#CONTROLLER} or {@link ReleaseSourceSchema#HOSTS}
 * @param username  null without credentials
 * @param password  as written in the config: a {@code ${secret:NAME}} reference, filled in only when the task runs
 */
public record ReleaseSource(String url, String sha256, String sha256Url, String fetch, String username, String password) {

    public boolean onHosts() {
        return ReleaseSourceSchema.HOSTS.equals(fetch);
    }
}
