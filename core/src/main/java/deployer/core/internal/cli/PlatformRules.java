package deployer.core.internal.cli;

import deployer.core.spi.PlatformOption;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** The declared rules of the platform options on a line ({@link PlatformOption.Rule}), as usage errors. */
final class PlatformRules {

    private PlatformRules() {
    }

    /** @param options what the line was parsed with: it spells the options a rule names ({@code --rollback SERVICE}) */
    static void check(CommandLine cl, Options options) throws UsageException {
        for (Option typed : cl.getOptions()) {
            if (!(typed instanceof PlatformCliOption p)) {
                continue;
            }
            for (PlatformOption.Rule rule : p.declaration.rules()) {
                if (rule instanceof PlatformOption.NotWithTasklist n && cl.hasOption("tasklist")) {
                    // A saved plan is run as it is: an option that shapes a generated one could not change it silently.
                    throw new UsageException(n.message());
                }
            }
        }
        for (Option typed : cl.getOptions()) {
            if (!(typed instanceof PlatformCliOption p)) {
                continue;
            }
            for (PlatformOption.Rule rule : p.declaration.rules()) {
                if (rule instanceof PlatformOption.Requires r && !cl.hasOption(r.option())) {
                    throw new UsageException(spelled(p) + " " + r.why() + "; give it with " + spelled(options.getOption(r.option()), r.option()));
                }
                if (rule instanceof PlatformOption.Excludes x && cl.hasOption(x.option())) {
                    throw new UsageException("give only one of --" + p.declaration.name() + " and --" + x.option());
                }
            }
        }
    }

    private static String spelled(PlatformCliOption p) {
        return "--" + p.declaration.name() + (p.declaration.argName() == null ? "" : " " + p.declaration.argName());
    }

    /** {@code --rollback SERVICE}, as the option named is declared; the bare name if it is not in {@code options}. */
    private static String spelled(Option declared, String name) {
        return "--" + name + (declared == null || declared.getArgName() == null ? "" : " " + declared.getArgName());
    }
}
