package deployer.commands;

import deployer.core.spi.CommandArgument;
import java.util.List;
import static deployer.core.spi.CommandArgument.Type.*;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The spec's example command: logs its message when initialized and when executed. */
public final class TestCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = List.of(required("message", STRING, ""), optional("optional_argument", STRING, ""));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "logs the message (the spec's example)";
    }

    private static final Logger LOG = LoggerFactory.getLogger(TestCommand.class);
    private String message;
    private String optionalArgument;

    @Override
    public String name() {
        return "test_command";
    }

    /** Running it again is safe: only logs. */
    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public String describe() {
        return "log the message '" + message + "'";
    }

    @Override
    public void initialize(Arguments args) {
        message = args.string("message");
        optionalArgument = args.optionalString("optional_argument").orElse(null);
        if (message != null) {
            LOG.info("Initializing test command: {} / {}", message, shown(optionalArgument));
        }
    }

    @Override
    public CommandResult execute(CommandContext context) {
        LOG.info("Executing test command: {} / {}", message, shown(optionalArgument));
        return CommandResult.succeeded();
    }

    /** The spec's sample output prints Python's None for a missing optional argument; we keep that text. */
    private static String shown(String value) {
        return value == null ? "None" : value;
    }
}
