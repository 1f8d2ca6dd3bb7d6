package deployer.commands.files;

/** Moves (renames) a file or directory. */
public final class MoveFileCommand extends TransferCommand {

    @Override
    public String name() {
        return "movefile";
    }

    @Override
    String tool() {
        return "mv -f";
    }

    @Override
    String verb() {
        return "moving";
    }

    @Override
    String sourceAfterwards() {
        return "{ [ ! -e \"$s\" ] && [ ! -L \"$s\" ]; }";
    }
}
