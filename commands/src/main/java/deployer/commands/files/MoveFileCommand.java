package deployer.commands.files;

import java.util.List;

/** Moves (renames) a file or directory. */
public final class MoveFileCommand extends TransferCommand {

    @Override
    public String summary() {
        return "`mv`; fails if destination exists unless clobber";
    }

    @Override
    public String name() {
        return "move_file";
    }

    /** Its name before command names were snake_case throughout; saved plans with it still run. */
    @Override
    public java.util.List<String> formerNames() {
        return java.util.List.of("movefile");
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
