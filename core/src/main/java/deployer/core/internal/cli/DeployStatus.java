package deployer.core.internal.cli;

import deployer.core.config.Config;
import deployer.core.internal.exec.GeneratorRegistry;
import deployer.core.internal.host.HostPool;
import deployer.core.internal.host.ssh.RemoteConnectors;
import deployer.core.internal.log.LogSetup;
import deployer.core.model.InputFileException;
import deployer.core.model.InvalidInputException;
import deployer.core.model.RunId;
import deployer.core.spi.Generator;
import deployer.core.spi.GeneratorContext;
import deployer.core.spi.StatusReport;
import deployer.core.spi.PlatformOption;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * {@code deploy status --config FILE [filters]}: what runs where, read from the hosts by the config's platform
 * ({@link Generator#status}); a table on stdout, or {@code --output json} ({@link StatusJson}). Reads only.
 * Exit 0 when every host is reachable, answers its checks and is at the newest release; 1 when one is not; 2 on
 * usage or config errors, or when the platform has no status.
 */
final class DeployStatus extends SubCommand {

    static final String SCRIPT = "deploy status";
    /** {@code --output table}, as status once spelled its text form: still taken. */
    private static final Set<String> OLD_TEXT = Set.of("table");

    @Override
    String name() {
        return SCRIPT;
    }

    @Override
    String synopsis() {
        return "--config FILE [--component FILE… | --directory DIR] [--hosts H…] [--hostgroups G…] [--categories C…] [--output json]";
    }

    @Override
    String summary() {
        return "Show per service and host the current release, the releases kept, whether the service answers its checks,"
                + " and which hosts are not at the newest release. Reads only; changes nothing.";
    }

    @Override
    String exitCodes() {
        return "0 all hosts up and at the newest release, 1 a host is down, unreachable or behind, 2 usage, config or validation error.";
    }

    @Override
    PlatformOption.Use platformUse() {
        return PlatformOption.Use.STATUS;
    }

    @Override
    Options options() {
        Options o = CliOptions.of(CliOptions.config(), CliOptions.help());
        CliOptions.logging().forEach(o::addOption);
        o.addOption(ReportOptions.outputOption());
        return o;
    }

    @Override
    int execute(CommandLine cl, PrintStream out, PrintStream err)
            throws UsageException, InvalidInputException, InterruptedException {
        boolean json = ReportOptions.jsonOutput(cl, OLD_TEXT);
        PlanSource.checkSources(cl);
        if (cl.hasOption("tasklist")) {
            throw new UsageException("status reads the hosts of a config; --tasklist has none");
        }
        LogSetup.verbosity(cl.hasOption("verbose"), cl.hasOption("debug"));
        if (cl.hasOption("logdir")) {
            try {
                LogSetup.logFile(Path.of(cl.getOptionValue("logdir")), "deploy-status", RunId.create());
            } catch (IOException e) {
                throw InputFileException.of("--logdir " + cl.getOptionValue("logdir"), e);
            }
        }
        GeneratorRegistry generators = GeneratorRegistry.load();
        Config config = PlanSource.config(cl, true, generators);
        Generator generator = generators.forConfig(config);
        Optional<StatusReport> report;
        try (HostPool hosts = RemoteConnectors.hostPool(config)) {
            report = generator.status(new GeneratorContext(config, PlanSource.components(cl), hosts, RunId.create()));
        }
        if (report.isEmpty()) {
            err.println(SCRIPT + ": status not supported by platform '" + generator.platform() + "'");
            return 2;
        }
        if (json) {
            out.print(StatusJson.toJson(report.get(), cl.getOptionValue("config")));
        } else {
            out.print(StatusTable.render(report.get()));
        }
        return report.get().allOk() ? 0 : 1;
    }
}
