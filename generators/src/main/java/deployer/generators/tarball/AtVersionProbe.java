package deployer.generators.tarball;

import deployer.core.spi.Shell;

import java.util.ArrayList;
import java.util.List;

/**
 * What a deploy reads on a host whose service link may already point at the release it brings, in the same command
 * that reads the link ({@link InstalledReleases}): only when the link names that release, whether the service answers
 * (its {@code check_command}, then a {@code health_check} command, each run once with a time limit, never a control
 * command) and, for each config template, the record {@code upload_template} left when it rendered the file
 * ({@link TemplateRecord}) with the file's checksum and mode now. A health check URL is asked from this machine
 * afterwards ({@link AtVersion}), since that is where the deploy's health check asks it from.
 *
 * @param release the wanted release's directory name, {@code <service>_<version>}
 * @param link    the service link, {@code install_location/<service>}
 * @param checks  the checks to run on the host, in order, filled in
 * @param files   the templates to compare
 */
record AtVersionProbe(String release, String link, List<Check> checks, List<TemplateFile> files) {

    /** Seconds one check may take before it counts as failed (exit status 124, as {@code timeout} says it). */
    static final long CHECK_SECONDS = 20;

    /** @param key the config key it comes from ({@code check_command}, {@code health_check}) */
    record Check(String key, String shell) {
    }

    /** A template's file in the current release and the record of its last rendering. */
    record TemplateFile(ConfigTemplate template, String file, String record, String fingerprint) {
    }

    /** A check's exit status and the last line it wrote to stderr (empty when none). */
    record CheckAnswer(Check check, int exitStatus, String lastLine) {
        boolean passed() {
            return exitStatus == 0;
        }
    }

    /**
     * A template file as found: the record's fingerprint and checksum (null: no record) and the file's checksum and
     * mode now (null: no file).
     */
    record FileAnswer(TemplateFile probe, String recordedFingerprint, String recordedSha256, String sha256, String mode) {
    }

    /** @param atVersion whether the link named the wanted release; the lists are empty when not */
    record Answer(boolean atVersion, List<CheckAnswer> checks, List<FileAnswer> files) {
        static final Answer NOT_AT_VERSION = new Answer(false, List.of(), List.of());
        /** For a probe that {@link #reads() reads} nothing: the link alone says the host is at the version. */
        static final Answer NOTHING_TO_READ = new Answer(true, List.of(), List.of());
    }

    AtVersionProbe {
        checks = List.copyOf(checks);
        files = List.copyOf(files);
    }

    /** Whether there is anything to read beyond the link. */
    boolean reads() {
        return !checks.isEmpty() || !files.isEmpty();
    }

    /** Defines the check runner once per command; {@link #script} uses it. */
    static String prelude() {
        // `timeout` (coreutils, busybox) where the host has it: a check that hangs must not hang the planning.
        return "deployer_check() { if command -v timeout >/dev/null 2>&1; then timeout " + CHECK_SECONDS
                + " sh -c \"$1\"; else sh -c \"$1\"; fi; }\n";
    }

    /**
     * Prints {@code at}, then one {@code check STATUS LAST-STDERR-LINE} per check and one
     * {@code file FINGERPRINT RECORDED-SHA SHA MODE} per template ({@code -} for what is missing); or {@code not-at}.
     */
    String script() {
        StringBuilder sh = new StringBuilder();
        sh.append("t=$(readlink ").append(Shell.quote(link)).append(" 2>/dev/null) || t=; t=${t%/}\n");
        sh.append("case \"${t##*/}\" in ").append(Shell.quote(release)).append(")\n");
        sh.append("echo at\n");
        for (Check c : checks) {
            sh.append("e=$( { deployer_check ").append(Shell.quote(c.shell())).append("; } 2>&1 >/dev/null </dev/null ); ")
              .append("printf 'check %s %s\\n' \"$?\" \"$(printf '%s\\n' \"$e\" | tail -n 1)\"\n");
        }
        for (TemplateFile f : files) {
            sh.append("f=").append(Shell.quote(f.file())).append("; r=").append(Shell.quote(f.record())).append("\n")
              .append("a=-; b=-; if [ -f \"$r\" ]; then read -r a b < \"$r\" || { a=-; b=-; }; fi\n")
              .append("s=-; m=-; if [ -f \"$f\" ]; then s=$(sha256sum < \"$f\") || exit 1; s=${s%% *}; m=$(stat -c %a \"$f\") || exit 1; fi\n")
              .append("printf 'file %s %s %s %s\\n' \"${a:--}\" \"${b:--}\" \"$s\" \"$m\"\n");
        }
        sh.append(";;\n*) echo not-at ;;\nesac\n");
        return sh.toString();
    }

    /** The answer in the lines {@link #script} printed; null when they are not its lines. */
    Answer parse(List<String> lines) {
        if (lines.equals(List.of("not-at"))) {
            return Answer.NOT_AT_VERSION;
        }
        if (lines.size() != 1 + checks.size() + files.size() || !lines.get(0).equals("at")) {
            return null;
        }
        List<CheckAnswer> checkAnswers = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            String[] f = lines.get(1 + i).split(" ", 3);
            if (f.length < 2 || !f[0].equals("check") || !f[1].matches("\\d{1,3}")) {
                return null;
            }
            checkAnswers.add(new CheckAnswer(checks.get(i), Integer.parseInt(f[1]), f.length == 3 ? f[2] : ""));
        }
        List<FileAnswer> fileAnswers = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String[] f = lines.get(1 + checks.size() + i).split(" ");
            if (f.length != 5 || !f[0].equals("file")) {
                return null;
            }
            fileAnswers.add(new FileAnswer(files.get(i), dash(f[1]), dash(f[2]), dash(f[3]), dash(f[4])));
        }
        return new Answer(true, checkAnswers, fileAnswers);
    }

    private static String dash(String s) {
        return s.equals("-") ? null : s;
    }
}
