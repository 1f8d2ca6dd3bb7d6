package deployer.core.internal.cli;

import java.util.List;

/**
 * Class initialisation a CLI run needs later and that logs nothing and needs nothing of Log4j, started on a daemon
 * thread at the top of main so that it overlaps Log4j's start on the main thread (on a machine with a second core
 * idle, that is wall time saved; the CPU is the same). Mostly Jackson: {@code ObjectMapper}'s static default date
 * format loads the JDK's locale data, ~15% of a dry run's start (BENCHMARKS.md, "CLI start-up"); also RunId's
 * SecureRandom. Whoever needs a class first simply waits for its initialisation to finish, as Java does for any
 * class; nothing here touches Log4j, so the two threads never wait for each other.
 */
final class Warmup {

    /** In the order the main thread needs them: the run id (a SecureRandom), the config's YAML, then JSON. */
    static final List<String> CLASSES = List.of(
            "deployer.core.model.RunId",
            "com.fasterxml.jackson.dataformat.yaml.YAMLFactory",
            "com.fasterxml.jackson.databind.ObjectMapper");

    private Warmup() {
    }

    static void start() {
        Thread t = new Thread(Warmup::run, "warmup");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        ClassLoader loader = Warmup.class.getClassLoader();
        for (String name : CLASSES) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // Only a head start: whoever uses the class finds the same problem and reports it.
                return;
            }
        }
    }
}
