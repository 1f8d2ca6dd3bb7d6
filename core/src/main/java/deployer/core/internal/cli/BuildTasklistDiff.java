package deployer.core.internal.cli;

import deployer.core.json.PlanDiff;
import deployer.core.json.TasklistReader;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Tasklist;
import deployer.core.spi.HostException;
import org.apache.commons.cli.CommandLine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code build-tasklist --diff OLD.json [--tasklist NEW.json]}: the plan saved in OLD.json against NEW.json, or against
 * the plan the config would produce now (generated and validated as {@code build-tasklist} does, run nothing). The
 * differences go to stdout, one per line; exit 0 when the plans are equal, 1 when not, 2 on bad input.
 */
final class BuildTasklistDiff {

    private BuildTasklistDiff() {
    }

    static int run(CommandLine cl, PrintStream out, PrintStream err)
            throws UsageException, InvalidInputException, HostException, InterruptedException, IOException {
        if (cl.hasOption("dump") || cl.hasOption("save")) {
            throw new UsageException("--diff compares plans; give --dump or --save in a run of their own");
        }
        Path oldFile = Path.of(cl.getOptionValue("diff"));
        Tasklist oldPlan = TasklistReader.read(oldFile);
        Tasklist newPlan;
        String newName;
        if (cl.hasOption("tasklist")) {
            newName = cl.getOptionValue("tasklist");
            newPlan = TasklistReader.read(Path.of(newName));
        } else {
            try (Preparation p = Preparation.prepare(cl, BuildTasklist.SCRIPT)) {
                newPlan = p.tasklist;
                newName = "the plan of " + cl.getOptionValue("config");
            }
        }
        List<String> changes = PlanDiff.between(oldPlan, newPlan);
        if (changes.isEmpty()) {
            err.println("The plans are equal: " + oldFile + " and " + newName);
            return 0;
        }
        err.println(changes.size() + (changes.size() == 1 ? " difference" : " differences") + " from " + oldFile + " to " + newName + ":");
        changes.forEach(out::println);
        return 1;
    }
}
