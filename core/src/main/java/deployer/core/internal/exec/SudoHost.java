package deployer.core.internal.exec;

import deployer.core.model.Task;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.HostException;
import deployer.core.spi.RemoteHost;

import java.nio.file.Path;

/**
 * The task's host as a task with {@code sudo}/{@code sudo_user} sees it: every command line runs through sudo.
 * File transfers are not: they use the login user's rights (SFTP), so a command that needs a root-owned file
 * uploads it to a temporary path and moves it with a sudo command line. Closing it leaves the shared host open.
 */
public final class SudoHost implements RemoteHost {

    private final RemoteHost host;
    private final Task.Sudo sudo;

    SudoHost(RemoteHost host, Task.Sudo sudo) {
        this.host = host;
        this.sudo = sudo;
    }

    public static RemoteHost of(RemoteHost host, Task.Sudo sudo) {
        return sudo == null ? host : new SudoHost(host, sudo);
    }

    @Override
    public String name() {
        return host.name();
    }

    @Override
    public ExecResult execute(String commandLine, ExecOptions options) throws HostException, InterruptedException {
        return host.execute(commandLine, options.withSudoUser(options.sudo() && options.sudoUser() != null
                ? options.sudoUser() : sudo.user()));
    }

    @Override
    public ExecResult execute(String commandLine, ExecOptions options, java.io.InputStream stdin, java.io.OutputStream stdout)
            throws HostException, InterruptedException {
        return host.execute(commandLine, options.withSudoUser(options.sudo() && options.sudoUser() != null
                ? options.sudoUser() : sudo.user()), stdin, stdout);
    }

    @Override
    public void put(Path localFile, String remotePath) throws HostException, InterruptedException {
        host.put(localFile, remotePath);
    }

    @Override
    public void get(String remotePath, Path localFile) throws HostException, InterruptedException {
        host.get(remotePath, localFile);
    }

    @Override
    public boolean exists(String remotePath) throws HostException, InterruptedException {
        return host.exists(remotePath);
    }

    @Override
    public void close() {
        // The run's HostPool owns and closes the host.
    }
}
