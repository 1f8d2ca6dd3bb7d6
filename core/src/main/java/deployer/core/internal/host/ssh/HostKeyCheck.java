package deployer.core.internal.host.ssh;

import net.schmizz.sshj.transport.verification.HostKeyVerifier;

import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * The host key verifier of one connection: asks the run's {@link KnownHosts} and remembers a refusal, because
 * sshj reports only "could not verify" and the user needs to know whether the key was unknown or changed.
 */
final class HostKeyCheck implements HostKeyVerifier {

    private final KnownHosts knownHosts;
    private final SshTarget target;
    private final StrictHostKeyChecking policy;
    private volatile KnownHosts.Verdict.Refused refusal;

    HostKeyCheck(KnownHosts knownHosts, SshTarget target, StrictHostKeyChecking policy) {
        this.knownHosts = knownHosts;
        this.target = target;
        this.policy = policy;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        // The target, not sshj's hostname argument: it is the name we asked for, with the DNS suffix applied.
        KnownHosts.Verdict verdict = knownHosts.check(target, key, policy);
        if (verdict instanceof KnownHosts.Verdict.Refused r) {
            refusal = r;
            return false;
        }
        return true;
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        return knownHosts.knownAlgorithms(target);
    }

    Optional<KnownHosts.Verdict.Refused> refusal() {
        return Optional.ofNullable(refusal);
    }
}
