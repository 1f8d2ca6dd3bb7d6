package deployer.core.internal.host.ssh;

import deployer.core.config.Config;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The secrets a run may use on SSH hosts, read from the environment and files named in the config: key
 * passphrases, the ssh-agent socket and the sudo password. The sudo password will come from the secrets store
 * once there is one; until then {@value #SUDO_PASSWORD_ENV} or {@code ssh.sudo_password_file}.
 *
 * @param agentSocket  {@code SSH_AUTH_SOCK}, or null for no agent
 * @param sudoPassword null: sudo must not prompt ({@code sudo -n})
 */
public record SshCredentials(Passphrases passphrases, Path agentSocket, Secret sudoPassword) {

    public static final String SUDO_PASSWORD_ENV = "DEPLOYER_SUDO_PASSWORD";
    public static final String AGENT_ENV = "SSH_AUTH_SOCK";
    public static final SshCredentials NONE = new SshCredentials(Passphrases.NONE, null, null);

    /**
     * @param env the process environment (a map, so tests choose it)
     * @throws InvalidInputException a named file that cannot be read
     */
    public static SshCredentials from(Config config, Map<String, String> env, Passphrases.Prompt prompt)
            throws InvalidInputException {
        return from(config, env, prompt, deployer.core.spi.Secrets.NONE);
    }

    /**
     * The sudo password, first found: DEPLOYER_SUDO_PASSWORD; {@code ssh.sudo_password}, a {@code ${secret:NAME}}
     * of the environment's secrets (a password written into the config itself is refused); {@code ssh.sudo_password_file}.
     */
    public static SshCredentials from(Config config, Map<String, String> env, Passphrases.Prompt prompt,
                                      deployer.core.spi.Secrets secrets) throws InvalidInputException {
        Path passphraseFile = readableFile(config, "passphrase_file");
        Passphrases passphrases = Passphrases.from(env, passphraseFile, prompt);
        String sock = env.get(AGENT_ENV);
        Path agent = sock == null || sock.isBlank() ? null : Path.of(sock);
        Secret sudo = null;
        String fromEnv = env.get(SUDO_PASSWORD_ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            sudo = Secret.of(fromEnv);
        } else if (config.has("ssh", "sudo_password")) {
            String ref = config.string("ssh", "sudo_password").orElseThrow();
            java.util.Set<String> names = deployer.core.model.SecretReference.names(ref);
            if (names.size() != 1 || !ref.equals("${secret:" + names.iterator().next() + "}")) {
                throw config.error("expected a reference ${secret:NAME} to the environment's secrets file (a password is never"
                        + " written into the config)", "ssh", "sudo_password");
            }
            String name = names.iterator().next();
            sudo = secrets.get(name).orElseThrow(() -> config.error(secrets.unknown(name), "ssh", "sudo_password"));
        } else {
            Path file = readableFile(config, "sudo_password_file");
            if (file != null) {
                try {
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    int end = text.indexOf('\n');
                    sudo = Secret.of((end < 0 ? text : text.substring(0, end)).replace("\r", ""));
                } catch (IOException e) {
                    throw config.error("cannot read " + file + ": " + e.getMessage(), "ssh", "sudo_password_file");
                }
            }
        }
        return new SshCredentials(passphrases, agent, sudo);
    }

    private static Path readableFile(Config config, String key) throws InvalidInputException {
        if (!config.has("ssh", key)) {
            return null;
        }
        Path p = config.file(config.string("ssh", key).orElseThrow());
        if (!Files.isReadable(p)) {
            throw config.error("file " + p + " does not exist or cannot be read", "ssh", key);
        }
        return p;
    }

    @Override
    public String toString() {
        return "SshCredentials[agent=" + agentSocket + ", sudoPassword=" + (sudoPassword == null ? "none" : Secret.MASK) + "]";
    }
}
