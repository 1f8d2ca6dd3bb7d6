package deployer.core.internal.cli;

import deployer.core.config.Config;
import deployer.core.config.ConfigLoader;
import deployer.core.config.PlatformSchemas;
import deployer.core.internal.exec.GeneratorRegistry;
import deployer.core.internal.host.HostPool;
import deployer.core.json.TasklistReader;
import deployer.core.model.InputFileException;
import deployer.core.model.InvalidInputException;
import deployer.core.model.RunId;
import deployer.core.model.Tasklist;
import deployer.core.spi.Generator;
import deployer.core.spi.GeneratorContext;
import deployer.core.spi.HostException;
import org.apache.commons.cli.CommandLine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Where a run's tasklist comes from: a saved file, or the config's generator over the named packages. */
final class PlanSource {

    private PlanSource() {
    }

    /**
     * The config named by {@code --config}, checked against its platform's declared schema (every problem reported
     * at once), with typed options on top; or an empty config.
     */
    static Config config(CommandLine cl, boolean required, GeneratorRegistry generators) throws InvalidInputException, UsageException {
        checkUsage(cl, required);
        if (!cl.hasOption("config")) {
            return Config.empty().withCommandLine(CliOptions.configOverrides(cl));
        }
        // With --tasklist no generator runs: the config brings connection settings, whatever platform it names.
        PlatformSchemas schemas = cl.hasOption("tasklist") ? PlatformSchemas.acceptingUnknown(generators) : generators;
        return ConfigLoader.load(Path.of(cl.getOptionValue("config")), schemas, cl.getOptionValue("environment"))
                .withCommandLine(CliOptions.configOverrides(cl));
    }

    /**
     * The usage mistakes of the plan's options, found before anything is read or logged: a run that never started
     * logs no "Run …" line.
     */
    static void checkUsage(CommandLine cl, boolean configRequired) throws UsageException {
        checkSources(cl);
        if (!cl.hasOption("config")) {
            if (cl.hasOption("environment")) {
                throw new UsageException("--environment NAME lays environments/NAME.yaml over a config: give it with --config FILE");
            }
            if (configRequired) {
                throw new UsageException("--config FILE is required (unless --tasklist is given)");
            }
        }
        CliOptions.configOverrides(cl);
    }

    /** One source of the plan at most: a saved tasklist, or the platform's package options (each given once). */
    static void checkSources(CommandLine cl) throws UsageException {
        List<String> typed = new ArrayList<>(packageOptions(cl).stream().map(o -> "--" + o.declaration.name()).distinct().toList());
        if (cl.hasOption("tasklist")) {
            typed.add("--tasklist");
        }
        if (typed.size() > 1) {
            throw new UsageException("give only one of " + String.join(", ", typed.subList(0, typed.size() - 1)) + " and "
                    + typed.get(typed.size() - 1));
        }
    }

    /** The package options typed (the platform's --component, --directory…), in the order typed. */
    private static List<PlatformCliOption> packageOptions(CommandLine cl) {
        List<PlatformCliOption> out = new ArrayList<>();
        for (org.apache.commons.cli.Option o : cl.getOptions()) {
            if (o instanceof PlatformCliOption p && !(p.declaration.target() instanceof deployer.core.spi.PlatformOption.SetsKey)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The plan as read or generated. A saved tasklist is read as far as it can be, with its structural problems
     * kept beside it, so that validation reports them together with the problems of its commands.
     */
    static TasklistReader.Read tasklist(CommandLine cl, Config config, HostPool hosts, RunId runId,
                                          GeneratorRegistry generators)
            throws InvalidInputException, HostException, InterruptedException, UsageException {
        if (cl.hasOption("tasklist")) {
            // A plan this deployer saved holds its sensitive values masked; the config they came from gives them back.
            Path plan = Path.of(cl.getOptionValue("tasklist"));
            return TasklistReader.readAll(plan, MaskedSources.refill(plan, config));
        }
        Generator generator = generators.forConfig(config);
        Tasklist generated = generator.generate(new GeneratorContext(config, components(cl), hosts, runId));
        return new TasklistReader.Read(generated, List.of(), java.util.Set.of(), java.util.Set.of());
    }

    /**
     * The package files named on the command line, each checked readable now (an unreadable one would otherwise
     * fail mid-run at its upload). An empty {@code --directory} is an error, never "use the config's default".
     */
    static List<Path> components(CommandLine cl) throws InvalidInputException {
        List<Path> files = new ArrayList<>();
        for (PlatformCliOption typed : packageOptions(cl)) {
            String option = "--" + typed.declaration.name();
            if (typed.declaration.target() instanceof deployer.core.spi.PlatformOption.PackageFiles) {
                for (String f : typed.getValues()) {
                    files.add(readableFile(option + " " + f, Path.of(f)));
                }
                continue;
            }
            String dir = typed.getValue();
            Path d = Path.of(dir);
            List<Path> listed;
            // Hidden files (.keep, .DS_Store) are not packages, as in the config's tarballs directory.
            try (Stream<Path> s = Files.list(d)) {
                listed = s.filter(p -> !p.getFileName().toString().startsWith(".")).filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                throw InputFileException.of(option + " " + dir, e);
            }
            if (listed.isEmpty()) {
                throw new InputFileException(option + " " + dir, "no package files in this directory");
            }
            for (Path p : listed) {
                files.add(readableFile(option + " " + dir + ": " + p.getFileName(), p));
            }
        }
        return files;
    }

    private static Path readableFile(String what, Path p) throws InputFileException {
        try (FileChannel ignored = FileChannel.open(p, StandardOpenOption.READ)) {
            if (!Files.isRegularFile(p)) {
                throw new InputFileException(what, "not a regular file");
            }
            return p;
        } catch (NoSuchFileException e) {
            throw new InputFileException(what, "no such file");
        } catch (IOException e) {
            throw InputFileException.of(what, e);
        }
    }
}
