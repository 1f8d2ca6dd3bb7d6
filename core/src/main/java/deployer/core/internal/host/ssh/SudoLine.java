package deployer.core.internal.host.ssh;

import deployer.core.model.Secret;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import deployer.core.spi.OutputListener;
import deployer.core.spi.Shell;

import java.nio.charset.StandardCharsets;

/**
 * A command line run through sudo on an SSH host, such that sudo never waits at a prompt. Without a password sudo
 * runs with {@code -n} and fails at once where it would ask. With one, sudo reads it from stdin ({@code -S}) and
 * stdin then ends: a wrong password meets end of input at the second prompt, and the command itself gets
 * {@code /dev/null} as stdin, so a password sudo did not ask for (NOPASSWD) never reaches the command. Our prompt
 * marker is removed from the output the user sees; the failures sudo reports become clear reasons.
 */
final class SudoLine {

    /** What sudo prints as its prompt (to stderr under -S): recognisable and never a real output line. */
    static final String PROMPT = "[deployer-sudo-prompt]";

    private final String remoteLine;
    private final byte[] stdin;
    private final boolean withPassword;

    private SudoLine(String remoteLine, byte[] stdin, boolean withPassword) {
        this.remoteLine = remoteLine;
        this.stdin = stdin;
        this.withPassword = withPassword;
    }

    static SudoLine of(String commandLine, ExecOptions options, Secret password) {
        String as = options.sudoUser() == null ? "" : " -u " + Shell.quote(options.sudoUser());
        if (password == null) {
            return new SudoLine("sudo -n" + as + " -- /bin/sh -c " + Shell.quote(commandLine), null, false);
        }
        // -k: check the password every time, so a wrong one is found out even where sudo still holds a ticket.
        String line = "sudo -k -S -p " + Shell.quote(PROMPT) + as + " -- /bin/sh -c " + Shell.quote("exec </dev/null\n" + commandLine);
        return new SudoLine(line, (password.reveal() + "\n").getBytes(StandardCharsets.UTF_8), true);
    }

    String remoteLine() {
        return remoteLine;
    }

    /** What goes to the command's stdin (the password), or null for none. */
    byte[] stdin() {
        return stdin;
    }

    /** The output listener with our prompt marker taken out of the lines. */
    static OutputListener withoutPrompt(OutputListener next) {
        return (line, stderr) -> {
            String clean = stderr ? line.replace(PROMPT, "") : line;
            if (!(stderr && clean.isEmpty() && line.contains(PROMPT))) {
                next.line(clean, stderr);
            }
        };
    }

    /**
     * Turns sudo's own refusals into failures with a reason; a command that ran under sudo and failed stays a
     * result with its exit status.
     */
    ExecResult check(ExecResult result, SshTarget target, String shown) throws HostException {
        String stderr = String.join("\n", result.stderrTail());
        int prompts = count(stderr, PROMPT);
        String cleanErr = stderr.replace(PROMPT, "");
        ExecResult clean = new ExecResult(result.exitStatus(), result.stdout(), result.stderrTail().stream()
                .map(l -> l.replace(PROMPT, "")).filter(l -> !l.isEmpty()).toList());
        if (result.succeeded()) {
            return clean;
        }
        String on = "sudo on " + target.describe() + " for '" + RemoteCommand.abbreviate(shown) + "': ";
        if (!withPassword && cleanErr.contains("a password is required")) {
            throw new HostException(FailureReason.AUTHENTICATION, target.name(), on + "sudo asks for a password and"
                    + " none is configured (set " + SshCredentials.SUDO_PASSWORD_ENV + " or ssh.sudo_password_file,"
                    + " or allow the login user NOPASSWD in sudoers); sudo was not left waiting");
        }
        if (withPassword && (prompts > 1 || cleanErr.contains("incorrect password") || cleanErr.contains("no password was provided"))) {
            throw new HostException(FailureReason.AUTHENTICATION, target.name(), on + "sudo refused the configured"
                    + " password (" + SshCredentials.SUDO_PASSWORD_ENV + " or ssh.sudo_password_file)");
        }
        if (cleanErr.contains("is not in the sudoers file") || cleanErr.contains("is not allowed to execute")
                || cleanErr.contains("unknown user") || Integer.valueOf(127).equals(result.exitStatus())
                && cleanErr.contains("sudo: not found")) {
            throw new HostException(FailureReason.AUTHENTICATION, target.name(), on + lastLine(cleanErr));
        }
        return clean;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
