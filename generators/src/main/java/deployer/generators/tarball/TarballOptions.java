package deployer.generators.tarball;

import deployer.core.spi.PlatformOption;

import java.util.List;

import static deployer.core.spi.PlatformOption.Use.AD_HOC;
import static deployer.core.spi.PlatformOption.Use.INVENTORY;
import static deployer.core.spi.PlatformOption.Use.LOCKS;
import static deployer.core.spi.PlatformOption.Use.PLAN;
import static deployer.core.spi.PlatformOption.Use.STATUS;
import static deployer.core.spi.PlatformOption.flag;
import static deployer.core.spi.PlatformOption.packageDirectory;
import static deployer.core.spi.PlatformOption.packageFiles;
import static deployer.core.spi.PlatformOption.value;

/**
 * The command-line options of {@code platform: tarball}: which packages, which hosts, how to deploy, rollback and
 * deploy locks. Each sets a key of {@link TarballSchema} (the package options fill the generator's components), so a
 * config can hold the same choice.
 */
final class TarballOptions {

    private static final String LOCKS_OF_A_SAVED_PLAN = "--lock-wait and --no-lock shape a generated plan; with --tasklist,"
            + " edit the plan's acquire_lock 'wait' argument or remove its lock stages";

    static final List<PlatformOption> ALL = List.of(
            packageFiles("component", "FILE…", "package files to deploy").in(PLAN, STATUS, LOCKS),
            packageDirectory("directory", "DIR", "deploy every package file in DIR").in(PLAN, STATUS, LOCKS),
            packageDirectory("release", "DIR", "same as --directory").in(PLAN, STATUS, LOCKS),
            value("set-version", "SVC=VER…", ReleaseSourceSchema.SET_VERSION, "SERVICE=VERSION: the version filling {version} in a service's release url").in(PLAN, STATUS, LOCKS),
            value("hosts", "HOST…", TarballSchema.TARGET_HOSTS, "only these hosts").in(PLAN, STATUS, LOCKS, AD_HOC),
            value("inventory", "PATH…", TarballSchema.INVENTORY, "read host groups from these Ansible inventories")
                    .in(PLAN, STATUS, LOCKS, AD_HOC, INVENTORY),
            value("hostgroups", "GROUP…", TarballSchema.TARGET_HOSTGROUPS, "only these host groups").in(PLAN, STATUS, LOCKS, AD_HOC),
            value("categories", "CATEGORY…", TarballSchema.TARGET_CATEGORIES, "only services of these categories").in(PLAN, STATUS, LOCKS),
            flag("redeploy", TarballSchema.REDEPLOY, "deploy even to hosts already at the version"),
            flag("allow-downgrade", TarballSchema.ALLOW_DOWNGRADE, "deploy even to hosts that run a newer release (else refused)"),
            flag("ignore-lb", TarballSchema.IGNORE_LB, "skip load balancer steps"),
            flag("force", TarballSchema.FORCE, "deploy to hosts even where the service is not configured"),
            value("rollback", "SERVICE", TarballSchema.ROLLBACK,
                    "switch SERVICE back to the release that was current before (repeat to go further back)"),
            value("to", "VERSION", TarballSchema.ROLLBACK_TO, "with --rollback: switch to this installed release instead")
                    .requires("rollback", "picks the release of a rollback"),
            value("lock-wait", "SECONDS", TarballSchema.LOCK_WAIT,
                    "if another run holds a host's deploy lock, wait up to SECONDS for it (default: fail at once)")
                    .counting("seconds").notWithTasklist(LOCKS_OF_A_SAVED_PLAN).excludes("no-lock"),
            flag("no-lock", TarballSchema.NO_LOCK, "take no deploy locks (plans without the lock stages)")
                    .notWithTasklist(LOCKS_OF_A_SAVED_PLAN));

    private TarballOptions() {
    }
}
