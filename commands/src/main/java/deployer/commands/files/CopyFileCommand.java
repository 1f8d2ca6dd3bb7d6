package deployer.commands.files;

import java.util.List;

/** Copies a file or directory tree, keeping modes, times and symlinks ({@code cp -RPp}, the POSIX {@code cp -a}). */
public final class CopyFileCommand extends TransferCommand {

    @Override
    public String summary() {
        return "`cp -a`; fails if destination exists unless clobber";
    }

    @Override
    public String name() {
        return "copy_file";
    }

    /** Its name before command names were snake_case throughout; saved plans with it still run. */
    @Override
    public java.util.List<String> formerNames() {
        return java.util.List.of("copyfile");
    }

    @Override
    String tool() {
        return "cp -RPp";
    }

    @Override
    String verb() {
        return "copying";
    }

    @Override
    String sourceAfterwards() {
        return "{ [ -e \"$s\" ] || [ -L \"$s\" ]; }";
    }
}
