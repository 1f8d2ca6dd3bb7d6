package deployer.core.internal.exec;

import deployer.core.model.Task;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.RemoteHost;

/**
 * The task's host as a task with {@code sudo}/{@code sudo_user} sees it: every command line runs through sudo.
 * File transfers are not: they use the login user's rights (SFTP), so a command that needs a root-owned file
 * uploads it to a temporary path and moves it with a sudo command line. Closing it leaves the shared host open.
 */
public final class SudoHost extends AdjustingHost {

    private final Task.Sudo sudo;

    SudoHost(RemoteHost host, Task.Sudo sudo) {
        super(host);
        this.sudo = sudo;
    }

    public static RemoteHost of(RemoteHost host, Task.Sudo sudo) {
        return sudo == null ? host : new SudoHost(host, sudo);
    }

    @Override
    ExecOptions adjust(ExecOptions options) {
        return options.withSudoUser(options.sudo() && options.sudoUser() != null ? options.sudoUser() : sudo.user());
    }
}
