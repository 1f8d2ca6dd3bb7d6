package deployer.tests.bench;

import deployer.core.internal.exec.CommandRegistry;
import deployer.core.internal.exec.Engine;
import deployer.core.json.TasklistReader;
import deployer.core.model.Tasklist;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Run in a fresh JVM by SchedulerBenchmark: reads and validates one tasklist, prints "read | validate | heap | RSS" (wall and main-thread CPU). */
public final class LoadValidateProbe {

    public static void main(String[] args) throws Exception {
        java.lang.management.ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        long c0 = cpu.getCurrentThreadCpuTime();
        Tasklist tasklist = TasklistReader.read(Path.of(args[0]));
        long t1 = System.nanoTime();
        long c1 = cpu.getCurrentThreadCpuTime();
        new Engine(CommandRegistry.load(), List.of()).validate(tasklist, false);
        long t2 = System.nanoTime();
        long c2 = cpu.getCurrentThreadCpuTime();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                .findFirst().orElse("VmHWM: ? kB").replaceAll("\\s+", " ").substring(7);
        System.out.printf(Locale.ROOT, "%.2f s (CPU %.2f s) | %.2f s (CPU %.2f s) | %d MiB | %s%n",
                (t1 - t0) / 1e9, (c1 - c0) / 1e9, (t2 - t1) / 1e9, (c2 - c1) / 1e9, heap / 1024 / 1024, rss);
    }
}
