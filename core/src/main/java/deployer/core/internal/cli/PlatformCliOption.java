package deployer.core.internal.cli;

import deployer.core.spi.PlatformOption;
import org.apache.commons.cli.Option;

/**
 * A platform's option as Commons CLI parses it, keeping its declaration: what the typed value becomes is read off
 * the parsed line ({@link CliOptions#configOverrides}, {@link PlanSource#components}) without a second table.
 */
final class PlatformCliOption extends Option {

    private static final long serialVersionUID = 1L;

    final transient PlatformOption declaration;

    @SuppressWarnings("deprecation") // the Builder makes plain Options only; these setters are the way to a subclass
    PlatformCliOption(PlatformOption declaration) {
        super(null, declaration.name(), declaration.argName() != null, declaration.description());
        this.declaration = declaration;
        if (declaration.argName() != null) {
            setArgName(declaration.argName());
            if (declaration.takesMany()) {
                setArgs(UNLIMITED_VALUES);
            }
        }
    }
}
