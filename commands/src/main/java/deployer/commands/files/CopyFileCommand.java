package deployer.commands.files;

/** Copies a file or directory tree, keeping modes, times and symlinks ({@code cp -RPp}, the POSIX {@code cp -a}). */
public final class CopyFileCommand extends TransferCommand {

    @Override
    public String name() {
        return "copyfile";
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
