package deployer.core.cli;

import deployer.core.exec.Executor;
import org.slf4j.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C (SIGINT) or SIGTERM during a run: the first asks for a graceful stop (running tasks finish), the second
 * aborts (running commands are interrupted, connections closed). TERM counts too: {@code kill}, systemd and CI
 * runners stop with it, and a deploy killed outright can leave a host stopped and out of the load balancer.
 * A shutdown hook could not do this: the JVM exits after hooks.
 */
final class InterruptHandler implements AutoCloseable {

    private static final List<String> SIGNALS = List.of("INT", "TERM");
    private final Map<String, SignalHandler> previous;

    private InterruptHandler(Map<String, SignalHandler> previous) {
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
        Map<String, SignalHandler> previous = new LinkedHashMap<>();
        for (String name : SIGNALS) {
            try {
                previous.put(name, Signal.handle(new Signal(name), handler));
            } catch (IllegalArgumentException e) {
                // The VM or OS keeps this signal (e.g. java -Xrs): it cannot stop the run gracefully.
                log.debug("Cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
        return new InterruptHandler(previous);
    }

    @Override
    public void close() {
        previous.forEach((name, handler) -> Signal.handle(new Signal(name), handler));
    }
}
