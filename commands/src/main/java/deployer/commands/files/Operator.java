package deployer.commands.files;

import java.net.InetAddress;

/** Who runs the deployer, as {@code user@controller}: recorded in release histories next to each switch. */
final class Operator {

    private Operator() {
    }

    static String describe() {
        String user = System.getProperty("user.name", "unknown");
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "unknown";
            }
        }
        // One field of a tab-separated line.
        return (user + "@" + host).replaceAll("[\\t\\r\\n]", " ");
    }
}
