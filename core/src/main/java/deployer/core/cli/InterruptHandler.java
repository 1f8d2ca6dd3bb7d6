package deployer.core.cli;

import deployer.core.exec.Executor;
import org.slf4j.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C during a run: the first asks for a graceful stop (running tasks finish), the second aborts (running
 * commands are interrupted, connections closed). A shutdown hook could not do this: the JVM exits after hooks.
 */
final class InterruptHandler implements AutoCloseable {

    private final SignalHandler previous;

    private InterruptHandler(SignalHandler previous) {
        this.previous = previous;
    }

    static InterruptHandler install(Executor executor, Logger log) {
        AtomicInteger count = new AtomicInteger();
        SignalHandler handler = sig -> {
            if (count.incrementAndGet() == 1) {
                log.warn("Interrupted: starting nothing new; waiting for running tasks (Ctrl-C again to abort them)");
                executor.requestStop();
            } else {
                log.warn("Interrupted again: aborting running tasks and closing connections");
                executor.abort();
            }
        };
        try {
            return new InterruptHandler(Signal.handle(new Signal("INT"), handler));
        } catch (IllegalArgumentException e) {
            // No SIGINT here (some embedded JVMs): the run simply cannot be stopped gracefully.
            return new InterruptHandler(null);
        }
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(new Signal("INT"), previous);
        }
    }
}
