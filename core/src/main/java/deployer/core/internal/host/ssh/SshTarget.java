package deployer.core.internal.host.ssh;

/**
 * One SSH endpoint of a run: the tasklist's name for it and where that leads.
 *
 * @param name     the task's {@code remote_host} ({@code be001}, {@code be001:2222}); used in logs and results
 * @param hostname the name or address connected to, with the DNS suffix applied; also the known_hosts name
 */
public record SshTarget(String name, String hostname, int port, String user) {

    /**
     * What a message says it was trying to reach: {@code be001 (deploy@be001.example.com:22)}, or just
     * {@code deploy@10.0.0.5:22} when the name adds nothing.
     */
    public String describe() {
        String endpoint = user + "@" + hostname + ":" + port;
        return name.equals(hostname) && port == 22 || name.equals(hostname + ":" + port) ? endpoint : name + " (" + endpoint + ")";
    }
}
