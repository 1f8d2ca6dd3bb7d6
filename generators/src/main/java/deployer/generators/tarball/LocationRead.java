package deployer.generators.tarball;

import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import deployer.core.spi.RemoteHost;
import deployer.core.spi.RemoteVersions;
import deployer.core.spi.Shell;
import deployer.generators.tarball.InstalledReleases.Installed;
import deployer.generators.tarball.InstalledReleases.Probe;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one command that reads an install location of a host before planning: the service links (the lines of
 * {@link RemoteVersions#script}), the at-version checks of the probes that have them ({@link AtVersionProbe}), then
 * each probe's release directories {@code <service>_*}, newest first (by modification time, as cleanup ranks them),
 * and its history file. One round trip per host and install location however many services and questions there are:
 * planning 500 hosts costs 500 commands.
 *
 * <p>The parts are separated by marker lines carrying a token drawn for this command, so no line of a history file
 * or of a check's output can pass for one. A history file that exists but cannot be read fails the command (never
 * "no history"); the error names the part where the output stopped.
 */
final class LocationRead {

    private enum Part {
        LINKS, CHECK, RELEASES, HISTORY, END_OF_HISTORY, NO_HISTORY;

        String marker(String token) {
            return "--deployer-" + token + "-" + name().toLowerCase() + "--";
        }
    }

    private record Section(Part part, String text) {
    }

    /** The error for output that stopped in one part. */
    private interface Failure {
        HostException of(ExecResult r);
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RemoteHost host;
    private final String installLocation;
    private final List<Probe> probes;
    private final List<Probe> checked;
    private final Map<Probe, AtVersionProbe> atVersion;
    private final Collection<String> allServices;
    private final String token;

    /**
     * @param probes      the probes of this host and install location
     * @param atVersion   what to check of which probe (a probe without one gets a null {@link Installed#atVersion()})
     * @param allServices every configured service, to tell {@code web_1} from {@code web_api_1} apart
     */
    LocationRead(RemoteHost host, String installLocation, List<Probe> probes, Map<Probe, AtVersionProbe> atVersion,
                 Collection<String> allServices) {
        this.host = host;
        this.installLocation = installLocation;
        this.probes = List.copyOf(probes);
        this.checked = probes.stream().filter(p -> atVersion.containsKey(p) && atVersion.get(p).reads()).toList();
        this.atVersion = atVersion;
        this.allServices = allServices;
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        this.token = HexFormat.of().formatHex(bytes);
    }

    /** Runs the command and reads its answer; a host that cannot be read is a {@link HostException}. */
    Map<Probe, Installed> read() throws HostException, InterruptedException {
        long checks = checked.stream().mapToLong(p -> atVersion.get(p).checks().size()).sum();
        ExecResult r = host.execute(script(), ExecOptions.DEFAULT.withTimeout(TIMEOUT.plusSeconds(AtVersionProbe.CHECK_SECONDS * checks)));
        return answer(r);
    }

    private List<String> services() {
        return probes.stream().map(p -> p.service().name()).toList();
    }

    String script() {
        StringBuilder sh = new StringBuilder(RemoteVersions.script(installLocation, services()));
        if (!checked.isEmpty()) {
            sh.append(AtVersionProbe.prelude());
        }
        for (Probe p : checked) {
            sh.append(echo(Part.CHECK)).append('\n').append(atVersion.get(p).script());
        }
        for (Probe p : probes) {
            // The echo after cat ends a history without a final newline; answer() takes exactly that newline off again.
            sh.append(echo(Part.RELEASES)).append('\n')
              .append("ls -1dt -- ").append(Shell.quote(releasePrefix(p))).append("*/ 2>/dev/null\n")
              .append("h=").append(Shell.quote(historyFile(p))).append('\n')
              .append("if [ -e \"$h\" ]; then ").append(echo(Part.HISTORY)).append("; cat -- \"$h\" || exit 1; echo; ")
              .append(echo(Part.END_OF_HISTORY)).append("; else ").append(echo(Part.NO_HISTORY)).append("; fi\n");
        }
        return sh.toString();
    }

    private String echo(Part part) {
        return "echo " + part.marker(token);
    }

    private Map<Probe, Installed> answer(ExecResult r) throws HostException {
        List<Section> sections = sections(r.stdout());
        // Walk the parts in the order the script prints them. Output that stops early stopped in the last part begun.
        Failure stop = this::linksFailed;
        List<List<String>> checkLines = new ArrayList<>();
        List<List<String>> releaseLines = new ArrayList<>();
        List<String> histories = new ArrayList<>();
        int k = 1;
        for (Probe p : checked) {
            if (!is(sections, k, Part.CHECK)) {
                throw stop.of(r);
            }
            stop = x -> checkFailed(x, p);
            checkLines.add(lines(sections.get(k++).text()));
        }
        for (Probe p : probes) {
            if (!is(sections, k, Part.RELEASES)) {
                throw stop.of(r);
            }
            stop = x -> releasesFailed(x, p);
            releaseLines.add(lines(sections.get(k++).text()));
            if (is(sections, k, Part.NO_HISTORY) && sections.get(k).text().isEmpty()) {
                histories.add(null);
                k++;
            } else if (is(sections, k, Part.HISTORY) && is(sections, k + 1, Part.END_OF_HISTORY)
                    && sections.get(k).text().endsWith("\n") && sections.get(k + 1).text().isEmpty()) {
                String text = sections.get(k).text();
                histories.add(text.substring(0, text.length() - 1));
                k += 2;
            } else {
                throw stop.of(r);
            }
        }
        if (k != sections.size() || !r.succeeded()) {
            throw stop.of(r);
        }

        Map<String, Optional<String>> current = RemoteVersions.parse(host.name(), installLocation, services(), lines(sections.get(0).text()));
        Map<Probe, AtVersionProbe.Answer> answers = new LinkedHashMap<>();
        for (int i = 0; i < checked.size(); i++) {
            Probe p = checked.get(i);
            AtVersionProbe.Answer a = atVersion.get(p).parse(checkLines.get(i));
            if (a == null) {
                throw new HostException(FailureReason.COMMAND_ERROR, host.name(), "checking " + p.service().name()
                        + " in " + installLocation + ": unexpected answer " + checkLines.get(i));
            }
            answers.put(p, a);
        }
        Map<Probe, Installed> out = new LinkedHashMap<>();
        for (int i = 0; i < probes.size(); i++) {
            Probe p = probes.get(i);
            List<String> versions = new ArrayList<>();
            for (String line : releaseLines.get(i)) {
                String v = versionOf(p.service().name(), line);
                if (v != null) {
                    versions.add(v);
                }
            }
            AtVersionProbe.Answer answer = !atVersion.containsKey(p) ? null
                    : atVersion.get(p).reads() ? answers.get(p) : AtVersionProbe.Answer.NOTHING_TO_READ;
            out.put(p, new Installed(current.get(p.service().name()).orElse(null), versions, histories.get(i), answer));
        }
        return out;
    }

    /** The output cut at its marker lines; the first section (the links' lines) has no marker. */
    private List<Section> sections(String stdout) {
        String prefix = "--deployer-" + token + "-";
        List<Section> out = new ArrayList<>();
        Part part = Part.LINKS;
        int start = 0;
        int pos = 0;
        while (pos < stdout.length()) {
            int newline = stdout.indexOf('\n', pos);
            int end = newline < 0 ? stdout.length() : newline;
            if (stdout.startsWith(prefix, pos)) {
                out.add(new Section(part, stdout.substring(start, pos)));
                String line = stdout.substring(pos, end);
                part = null;
                for (Part candidate : Part.values()) {
                    if (candidate.marker(token).equals(line)) {
                        part = candidate;
                    }
                }
                start = Math.min(end + 1, stdout.length());
            }
            pos = end + 1;
        }
        out.add(new Section(part, stdout.substring(start)));
        return out;
    }

    private static boolean is(List<Section> sections, int k, Part part) {
        return k < sections.size() && sections.get(k).part() == part;
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }

    private HostException linksFailed(ExecResult r) {
        String what = checked.isEmpty() ? "reading the release symlinks in " : "reading the release symlinks and checking the services in ";
        return new HostException(FailureReason.NON_ZERO_EXIT, host.name(), what + installLocation + " failed" + stderr(r));
    }

    private HostException checkFailed(ExecResult r, Probe p) {
        return new HostException(FailureReason.COMMAND_ERROR, host.name(), "reading the release symlinks and checking the services in "
                + installLocation + " failed (at " + p.service().name() + ")" + stderr(r));
    }

    private HostException releasesFailed(ExecResult r, Probe p) {
        return new HostException(FailureReason.COMMAND_ERROR, host.name(), "cannot list the releases " + releasePrefix(p) + "* or read "
                + historyFile(p) + stderr(r));
    }

    private static String stderr(ExecResult r) {
        return r.stderrTail().isEmpty() ? "" : ": " + String.join(" / ", r.stderrTail());
    }

    private String releasePrefix(Probe p) {
        return installLocation + "/" + p.service().name() + "_";
    }

    private static String historyFile(Probe p) {
        return p.paths().history(p.service().name());
    }

    /** The version in a release path {@code …/<service>_<version>[/]}, or null when it is not this service's. */
    String versionOf(String service, String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String name = p.substring(p.lastIndexOf('/') + 1);
        if (!name.startsWith(service + "_") || name.length() == service.length() + 1) {
            return null;
        }
        // web_api_1 is a release of service web_api, not version api_1 of service web; web_api/ is web_api's link.
        boolean longerService = allServices.stream().anyMatch(s -> s.length() > service.length() && s.startsWith(service + "_")
                && (name.equals(s) || name.startsWith(s + "_")));
        return longerService ? null : name.substring(service.length() + 1);
    }
}
