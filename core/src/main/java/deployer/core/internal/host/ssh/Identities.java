package deployer.core.internal.host.ssh;

import net.schmizz.sshj.Config;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.userauth.keyprovider.FileKeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyFormat;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyProviderUtil;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of one run: private key files, each read (and decrypted, asking for its passphrase) at most once
 * however many hosts use it, and the keys of ssh-agent when {@code SSH_AUTH_SOCK} names one. A key file that
 * cannot be used is skipped with one warning, as ssh does, and the reason is kept for the error a host reports
 * when no key is left. Only file names and reasons reach the log, never key material or passphrases. A key file
 * with a certificate beside it ({@code KEY-cert.pub}) logs in with the certificate (sshj reads it).
 */
final class Identities {

    private static final Logger LOG = LoggerFactory.getLogger(Identities.class);

    /** The keys for one host, and why any of its files were left out. */
    record Selection(List<AuthMethod> methods, List<String> skipped) {
    }

    private record Loaded(KeyProvider key, String problem) {
    }

    private final Passphrases passphrases;
    private final SshAgent agent;
    private final Map<Path, Loaded> files = new HashMap<>();
    private List<SshAgent.Identity> agentKeys;
    private String agentProblem;

    /** @param agent null when there is no agent */
    Identities(Passphrases passphrases, SshAgent agent) {
        this.passphrases = passphrases;
        this.agent = agent;
    }

    /**
     * The ways to log in, as OpenSSH orders them: the agent's keys first (unless {@code identitiesOnly}), then the
     * key files in their order.
     */
    synchronized Selection select(List<Path> keyFiles, boolean identitiesOnly, Config sshConfig) {
        List<AuthMethod> methods = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        if (agent != null && !identitiesOnly) {
            for (SshAgent.Identity k : agentKeys()) {
                methods.add(new AgentAuth(agent, k));
            }
            if (agentProblem != null) {
                skipped.add(agentProblem);
            }
        }
        for (Path file : keyFiles) {
            Loaded loaded = files.computeIfAbsent(file, f -> load(f, sshConfig));
            if (loaded.key() != null) {
                methods.add(new AuthPublickey(loaded.key()));
            } else {
                skipped.add(loaded.problem());
            }
        }
        return new Selection(methods, skipped);
    }

    private List<SshAgent.Identity> agentKeys() {
        if (agentKeys == null) {
            try {
                agentKeys = agent.identities();
                LOG.debug("ssh-agent at {} holds {} key(s)", agent.socket(), agentKeys.size());
            } catch (IOException | RuntimeException e) {
                agentKeys = List.of();
                agentProblem = "ssh-agent at " + agent.socket() + " (SSH_AUTH_SOCK): " + e.getMessage();
                LOG.warn("Not using {}", agentProblem);
            }
        }
        return agentKeys;
    }

    private Loaded load(Path file, Config sshConfig) {
        Passphrases.Finder passphrase = passphrases.finder(file);
        try {
            return new Loaded(read(file, sshConfig, passphrase), null);
        } catch (IOException | RuntimeException e) {
            String reason;
            if (passphrase.missing()) {
                reason = "the key is passphrase-protected and no passphrase was given (" + passphrases.howToGiveOne() + ")";
            } else if (passphrase.tried()) {
                reason = "cannot decrypt the key: wrong passphrase?";
            } else if (!java.nio.file.Files.exists(file)) {
                reason = "no such file";
            } else {
                reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            String problem = file + ": " + reason;
            LOG.warn("Skipping identity file {}", problem);
            return new Loaded(null, problem);
        }
    }

    private static KeyProvider read(Path file, Config sshConfig, Passphrases.Finder passphrase) throws IOException {
        KeyFormat format = KeyProviderUtil.detectKeyFileFormat(file.toFile());
        FileKeyProvider provider = Factory.Named.Util.create(sshConfig.getFileKeyProviderFactories(), format.toString());
        if (provider == null) {
            throw new IOException("unsupported key format " + format);
        }
        provider.init(file.toFile(), passphrase);
        // Decode now: an unreadable key (or a wrong passphrase) is reported once here, not on every host.
        provider.getPrivate();
        provider.getPublic();
        return provider;
    }
}
