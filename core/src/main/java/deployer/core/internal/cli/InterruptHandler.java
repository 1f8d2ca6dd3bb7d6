package deployer.core.internal.cli;

import deployer.core.exec.Run;
import org.slf4j.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C (SIGINT) or SIGTERM during a run: the first asks for a graceful stop (running tasks finish; what the run
 * waits for is listed), the second aborts (running commands are ended, connections closed). Local commands run in
 * their own process groups, so the terminal's SIGINT reaches the deployer alone and it decides their fate. TERM
 * counts too: {@code kill}, systemd and CI runners stop with it, and a deploy killed outright can leave a host
 * stopped and out of the load balancer.
 * A shutdown hook could not do this: the JVM exits after hooks.
 */
final class InterruptHandler implements AutoCloseable {

    private static final List<String> SIGNALS = List.of("INT", "TERM");
    private final Map<String, SignalHandler> previous;

    private InterruptHandler(Map<String, SignalHandler> previous) {
        this.previous = previous;
    }

    static InterruptHandler install(Run run, InFlightTasks inFlight, Logger log) {
        AtomicInteger count = new AtomicInteger();
        SignalHandler handler = sig -> {
            int n = count.incrementAndGet();
            List<InFlightTasks.Running> running = inFlight.snapshot();
            if (n == 1) {
                log.warn("Interrupted: starting nothing new; waiting for {} running task{} to finish (Ctrl-C again to abort {}){}",
                        running.size(), running.size() == 1 ? "" : "s", running.size() == 1 ? "it" : "them", running.isEmpty() ? "" : ":");
                running.forEach(r -> log.warn("  waiting for {}", r.describe()));
                run.stop();
            } else if (n == 2) {
                log.warn("Interrupted again: aborting {} running task{} and closing connections", running.size(), running.size() == 1 ? "" : "s");
                running.forEach(r -> log.warn("  aborting {}", r.describe()));
                run.abort();
            } else {
                log.warn("Already aborting: ending {} running task{} (TERM, then KILL after a few seconds)",
                        running.size(), running.size() == 1 ? "" : "s");
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
