package deployer.core.spi;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who runs the deployer and from where ({@code user@controller}): named in the run's first log line and in the
 * lock leases it takes, so that a second operator sees whom to ask.
 */
public record Operator(String user, String host) {

    private static final Operator CURRENT = new Operator(System.getProperty("user.name", "unknown"), localHostName());

    public static Operator current() {
        return CURRENT;
    }

    @Override
    public String toString() {
        return user + "@" + host;
    }

    /** The kernel's name first: a DNS lookup of the local name can hang for seconds on a badly set up machine. */
    private static String localHostName() {
        try {
            String n = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!n.isEmpty()) {
                return n;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask Java
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
