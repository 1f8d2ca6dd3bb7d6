package deployer.generators.tarball;

import deployer.core.model.StageItem;
import deployer.core.model.Task;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The deploy locks of a plan: one per service on each of its target hosts ({@code <install_location>/.deploy-lock.
 * <service>}). Taken in the plan's first stage, before any host changes, one at a time in a fixed order (host, then
 * path), so that two runs wanting the same locks never each hold one the other waits for; given back in its last
 * stage, which runs also after a failure or Ctrl-C. Versions are read while planning, before the locks: a run that
 * waited for a lock says so (acquire_lock warns).
 */
final class DeployLocks {

    private record Lock(ServiceSpec service, TargetHost host, String path) {
    }

    private final PlatformSettings settings;
    private final List<Lock> locks = new ArrayList<>();

    DeployLocks(PlatformSettings settings) {
        this.settings = settings;
    }

    void add(ServiceSpec service, TargetHost host, HostPaths paths) {
        locks.add(new Lock(service, host, paths.lock(service.name())));
    }

    /** Adds the taking stage; call before any other stage. Nothing with {@code no_lock}. */
    void acquireStage(Stages stages) {
        if (settings.locks() == null) {
            return;
        }
        List<StageItem> items = new ArrayList<>();
        for (Lock l : ordered()) {
            Task.Builder b = Tasks.on("acquire_lock", l.service(), l.host(), settings)
                    .arg("path", l.path())
                    .arg("ttl", settings.locks().ttlSeconds());
            if (settings.locks().waitSeconds() > 0) {
                b.arg("wait", settings.locks().waitSeconds());
            }
            items.add(StageItem.of(b.build()));
        }
        stages.sequential("Take deploy locks", items);
    }

    /** Adds the giving-back stage; call after every other stage. */
    void releaseStage(Stages stages) {
        if (settings.locks() == null) {
            return;
        }
        stages.always("Release deploy locks", ordered().stream()
                .map(l -> StageItem.of(Tasks.on("release_lock", l.service(), l.host(), settings).arg("path", l.path()).build()))
                .toList());
    }

    private List<Lock> ordered() {
        return locks.stream().distinct()
                .sorted(Comparator.comparing((Lock l) -> l.host().remoteHost()).thenComparing(Lock::path))
                .toList();
    }
}
