package deployer.core.internal.cli;

/**
 * Class initialisation a CLI run needs later and that depends on nothing of ours, started on a daemon thread at the
 * top of main so that it overlaps Log4j's start on the main thread (on a machine with a second core idle, that is
 * wall time saved; the CPU is the same). Today that is Jackson: {@code ObjectMapper}'s static default date format
 * loads the JDK's locale data, ~15% of a dry run's start (BENCHMARKS.md, "CLI start-up"). Whoever needs a class
 * first simply waits for its initialisation to finish, as Java does for any class; nothing here logs or touches
 * Log4j, so the two threads never wait for each other.
 */
final class Warmup {

    private static final String[] CLASSES = {
        "com.fasterxml.jackson.databind.ObjectMapper",
        "com.fasterxml.jackson.dataformat.yaml.YAMLFactory",
    };

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
