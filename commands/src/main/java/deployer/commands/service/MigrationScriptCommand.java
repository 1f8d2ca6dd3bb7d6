package deployer.commands.service;

import deployer.core.spi.CommandArgument;
import java.util.List;
import static deployer.core.spi.CommandArgument.Type.*;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

import deployer.commands.support.Failures;
import deployer.commands.support.PathArguments;
import deployer.commands.support.Template;
import deployer.commands.support.TemplateValues;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.ExecResult;

import java.util.Optional;

import static deployer.core.spi.Shell.quote;

/**
 * Runs a database migration command on the host (the generator emits it once per deploy, for the first host).
 * With {@code if_exists}, the migration is skipped when that path is absent: a release without migrations. With
 * {@code working_directory} (the tarball platform gives the new release), the command and a relative
 * {@code if_exists} run there, so {@code sh db/migrate} means the release's own script; a directory that is missing
 * fails the task before the command runs.
 */
public final class MigrationScriptCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = TemplateValues.arguments(false, required("shell", STRING, "template"), optional("if_exists", STRING, "path template; skipped when absent"), optional("working_directory", STRING, "path"));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "a database migration, run (and a relative if_exists looked for) in working_directory when given — the tarball platform gives the new release; the generator emits it once per deploy";
    }

    private TemplateValues values;
    private Template command;
    private Template ifExists;
    private Optional<String> workingDirectory;

    @Override
    public String name() {
        return "migration_script";
    }

    @Override
    public String describe() {
        return "run the migration: " + values.fill(command);
    }

    @Override
    public void initialize(Arguments args) {
        values = TemplateValues.read(args, false);
        command = values.required("shell", Template.Kind.SHELL);
        ifExists = values.optional("if_exists", Template.Kind.TEXT);
        workingDirectory = PathArguments.optional(args, "working_directory");
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        if (ifExists != null) {
            String path = values.fill(ifExists);
            ExecResult test = context.run(inDirectory("if [ -e " + quote(path) + " ]; then echo present; else echo absent; fi"));
            if (!test.succeeded()) {
                return Failures.of("looking for " + path, test);
            }
            if (test.stdout().strip().equals("absent")) {
                return CommandResult.skipped("no migration: " + path + " does not exist");
            }
        }
        ExecResult r = context.run(inDirectory(values.fill(command)));
        return r.succeeded() ? CommandResult.changed("migration done") : Failures.of("migration", r);
    }

    /** The shell line run in {@code working_directory}, when given. */
    private String inDirectory(String sh) {
        return workingDirectory.map(d -> "cd -- " + quote(d) + " || exit 1\n" + sh).orElse(sh);
    }
}
