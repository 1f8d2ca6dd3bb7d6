package deployer.tests.example;

import deployer.core.api.Deployer;
import deployer.core.api.Deployment;
import deployer.core.exec.PlannedTask;
import deployer.core.exec.Run;
import deployer.core.exec.RunListener;
import deployer.core.exec.RunReport;
import deployer.core.exec.TaskResult;
import deployer.core.exec.ValidatedPlan;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Tasklist;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A program that embeds the deployer, as the spec's top-level script does: config → tasklist from the platform's
 * generator → validate → run, listening to the run's events. {@code EmbeddedDeployTest} compiles and runs it.
 *
 * <pre>java -cp … deployer.tests.example.EmbeddedDeploy conf/test.yaml</pre>
 */
public final class EmbeddedDeploy {

    public static void main(String[] args) throws Exception {
        Deployer deployer = Deployer.withInstalledPlugins();
        try (Deployment deployment = deployer.open(Path.of(args[0]), Map.of())) {
            Tasklist tasklist = deployment.generate(List.of());
            ValidatedPlan plan = deployment.validate(tasklist);
            Run run = deployment.start(plan, new RunListener() {
                @Override
                public void taskFinished(PlannedTask task, TaskResult result) {
                    System.out.println("task " + task.id() + " " + task.task().command() + " " + result.status());
                }
            });
            RunReport report = run.await();
            System.out.println("run " + run.id() + " " + report.status());
            System.exit(report.succeeded() ? 0 : 1);
        } catch (InvalidInputException e) {
            // A bad config or plan: every problem, each with its file:line:column; nothing ran.
            e.problems().forEach(p -> System.err.println("invalid: " + p));
            System.exit(2);
        }
    }
}
