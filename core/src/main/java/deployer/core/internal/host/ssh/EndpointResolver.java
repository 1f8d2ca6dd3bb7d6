package deployer.core.internal.host.ssh;

import deployer.core.model.HostAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Decides how to reach a host. For a task's host the precedence is: what the task says ({@code remote_host}'s
 * port, {@code remote_user}), then the deployer config ({@code user}, {@code ssh.*}), then ssh_config, then the
 * defaults. A jump host is reached as its ProxyJump hop says, then as ssh_config says for it, then as the
 * deployer config says: a bastion's account and port are usually not the deploy account's, and that is what its
 * ssh_config block is for.
 */
final class EndpointResolver {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointResolver.class);
    /** ProxyJump of a jump host may name another; stop a loop rather than recurse for ever. */
    private static final int MAX_JUMP_DEPTH = 8;

    private final SshSettings settings;
    private final OpenSshConfig sshConfig;

    EndpointResolver(SshSettings settings, OpenSshConfig sshConfig) {
        this.settings = settings;
        this.sshConfig = sshConfig;
    }

    Endpoint target(HostAddress address, String taskUser) {
        OpenSshConfig.HostEntry e = sshConfig.lookup(address.hostname());
        String jump = settings.isExplicit("proxy_jump") ? settings.proxyJump() : e.proxyJump().orElse(null);
        return endpoint(address.key(), address.hostname(), address.explicitPort(), Optional.ofNullable(taskUser), e,
                true, viaOf(jump, 0));
    }

    private Endpoint hop(ProxyJump.Hop hop, Endpoint via, int depth) {
        OpenSshConfig.HostEntry e = sshConfig.lookup(hop.host());
        // Only the first hop's own ProxyJump counts: later hops are reached through the one before them.
        Endpoint route = via != null ? via : viaOf(e.proxyJump().orElse(null), depth + 1);
        return endpoint(hop.host() + hop.port().map(p -> ":" + p).orElse(""), hop.host(), hop.port(), hop.user(), e, false, route);
    }

    private Endpoint viaOf(String proxyJump, int depth) {
        if (proxyJump == null) {
            return null;
        }
        if (depth >= MAX_JUMP_DEPTH) {
            LOG.warn("Jump hosts nested more than {} deep (a ProxyJump loop?); connecting to the last one directly", MAX_JUMP_DEPTH);
            return null;
        }
        Optional<ProxyJump> chain = ProxyJump.parse(proxyJump);
        Endpoint via = null;
        for (ProxyJump.Hop h : chain.map(ProxyJump::hops).orElse(List.of())) {
            via = hop(h, via, depth);
        }
        return via;
    }

    private Endpoint endpoint(String name, String alias, Optional<Integer> ownPort, Optional<String> ownUser,
                              OpenSshConfig.HostEntry e, boolean configFirst, Endpoint via) {
        String hostname = e.hostName().orElseGet(() -> settings.qualify(alias));
        int port = ownPort.orElseGet(() -> pick(configFirst, "port", settings.defaultPort(), e.port()));
        String user = ownUser.orElseGet(() -> pick(configFirst, "user", settings.defaultUser(), e.user()));
        Optional<List<Path>> fromSshConfig = e.identityFiles().isEmpty() ? Optional.empty()
                : Optional.of(e.identityFiles().stream().filter(f -> !OpenSshConfig.isNone(f)).map(f -> expand(f, alias, hostname, user)).toList());
        List<Path> keys = pick(configFirst, "identity_files", settings.identityFiles(), fromSshConfig);
        Path knownHosts = pick(configFirst, "known_hosts", settings.knownHosts(),
                e.userKnownHostsFile().map(f -> expand(f, alias, hostname, user)));
        StrictHostKeyChecking strict = pick(configFirst, "strict_host_key_checking", settings.strictHostKeyChecking(),
                e.strictHostKeyChecking());
        Duration connectTimeout = pick(configFirst, "connect_timeout", settings.connectTimeout(),
                e.connectTimeout().filter(d -> !d.isZero()));
        Duration keepalive = pick(configFirst, "keepalive_interval", settings.keepaliveInterval(), e.serverAliveInterval());
        boolean identitiesOnly = pick(configFirst, "identities_only", settings.identitiesOnly(), e.identitiesOnly());
        return new Endpoint(new SshTarget(name, hostname, port, user), keys, identitiesOnly, knownHosts, strict,
                connectTimeout, keepalive, via);
    }

    /** The deployer config's value if it set one (for a task's host), else ssh_config's, else the default. */
    private <T> T pick(boolean configFirst, String key, T fromConfig, Optional<T> fromSshConfig) {
        if (configFirst && settings.isExplicit(key)) {
            return fromConfig;
        }
        return fromSshConfig.orElse(fromConfig);
    }

    /** ssh_config's tokens in file names: ~, %d (home), %u (local user), %h (host name), %n (alias), %r (user). */
    private static Path expand(String file, String alias, String hostname, String user) {
        String home = System.getProperty("user.home");
        String s = file.replace("%%", "\u0000").replace("%d", home).replace("%u", System.getProperty("user.name"))
                .replace("%h", hostname).replace("%n", alias).replace("%r", user).replace("\u0000", "%");
        return OpenSshConfig.expandHome(s);
    }
}
