package deployer.core.internal.host.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything needed to open one SSH connection, resolved for one host from the task, the deployer config and
 * ssh_config: where, as whom, with which keys, which known_hosts, and through which jump host.
 *
 * @param via the jump host this connection goes through (itself possibly behind another), or null for direct
 */
record Endpoint(SshTarget target, List<Path> identityFiles, boolean identitiesOnly, Path knownHosts,
                StrictHostKeyChecking strictHostKeyChecking, Duration connectTimeout, Duration keepaliveInterval,
                Endpoint via) {

    Endpoint {
        identityFiles = List.copyOf(identityFiles);
    }

    /** Identifies a shared connection: the same user, address and route is the same connection. */
    String key() {
        String self = target.user() + "@" + target.hostname() + ":" + target.port();
        return via == null ? self : self + " via " + via.key();
    }

    /** {@code be001 (deploy@10.0.0.5:22) via jump@bastion:22}, for messages. */
    String describe() {
        return via == null ? target.describe() : target.describe() + " via " + via.target().user() + "@"
                + via.target().hostname() + ":" + via.target().port();
    }
}
