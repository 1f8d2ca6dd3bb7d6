package deployer.generators.tarball;

import deployer.core.config.Config;
import deployer.core.model.InputFileException;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The packages of one deploy: the files named by {@code --component}/{@code --directory}, else every file in the
 * config's {@code tarballs} directory. Names are {@code <service>_<version>.<ext>}; a service name may itself hold
 * {@code _}, so the longest configured service name that prefixes the file name wins.
 */
public final class PackageSet {

    public static final String EXPECTED = "<service>_<version>.tar.gz (or .tgz, .tar, .war), e.g. web_1a2b3c4-20240501120000.tar.gz";
    private static final Pattern FILE = Pattern.compile("(.+)\\.(tar\\.gz|tgz|tar|war)");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    private PackageSet() {
    }

    /** One package per service, in the order the files were given; every bad file is reported at once. */
    public static List<Package> resolve(Config config, List<Path> components, Collection<String> services) throws InvalidInputException {
        List<Path> files = components.isEmpty() ? fromTarballsDir(config) : components;
        List<Problem> problems = new ArrayList<>();
        Map<String, Package> byService = new LinkedHashMap<>();
        for (Path f : files) {
            Package read = read(f.toString(), f.getFileName().toString(), f.toAbsolutePath().normalize(), config, services, problems);
            if (read == null) {
                continue;
            }
            Package previous = byService.putIfAbsent(read.service(), read);
            if (previous != null) {
                problems.add(new Problem(f.toString(), "a second package for service '" + read.service() + "' (the first is "
                        + previous.fileName() + "); deploy one version per service at a time"));
            }
        }
        if (byService.isEmpty() && !files.isEmpty()) {
            throw noPackageOfAConfiguredService(config, files, services);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (byService.isEmpty()) {
            throw new InvalidInputException(config.source(), "no packages to deploy: give --component FILE… or --directory DIR, or set 'tarballs: DIR' in the config");
        }
        return List.copyOf(byService.values());
    }

    /**
     * The package a file name names ({@code <service>_<version>.<ext>}), or null with the problem added: the one
     * parsing of local packages and of release URLs ({@link ReleaseSources}).
     */
    static Package read(String where, String name, Path file, Config config, Collection<String> services, List<Problem> problems) {
        Matcher m = FILE.matcher(name);
        if (!m.matches() || !m.group(1).contains("_")) {
            problems.add(new Problem(where, "cannot read a package name from '" + name + "': expected " + EXPECTED));
            return null;
        }
        String stem = m.group(1);
        String service = services.stream().filter(s -> stem.startsWith(s + "_") && stem.length() > s.length() + 1)
                .max((a, b) -> Integer.compare(a.length(), b.length())).orElse(null);
        if (service == null) {
            problems.add(new Problem(where, "package for service '" + stem.substring(0, stem.indexOf('_'))
                    + "', which is not in the config " + config.source() + "; known services: " + TarballConfig.known(services)));
            return null;
        }
        String version = stem.substring(service.length() + 1);
        if (!VERSION.matcher(version).matches()) {
            problems.add(new Problem(where, "bad version '" + version + "' in '" + name
                    + "': expected letters, digits, '.', '_', '+' or '-' (it becomes a directory name); expected " + EXPECTED));
            return null;
        }
        return new Package(service, version, file);
    }

    /**
     * Not one file is a package of a configured service: most likely the wrong directory (or config), so say that
     * once, naming the directory, instead of one complaint per file.
     */
    private static InputFileException noPackageOfAConfiguredService(Config config, List<Path> files, Collection<String> services) {
        Path parent = files.get(0).toAbsolutePath().normalize().getParent();
        boolean oneDirectory = files.size() > 1 && parent != null
                && files.stream().allMatch(f -> parent.equals(f.toAbsolutePath().normalize().getParent()));
        String where = oneDirectory ? parent.toString() : files.size() == 1 ? files.get(0).toString()
                : files.stream().map(Path::toString).collect(Collectors.joining(", "));
        String names = files.stream().limit(5).map(f -> f.getFileName().toString()).collect(Collectors.joining(", "))
                + (files.size() > 5 ? ", … (" + files.size() + " files)" : "");
        return new InputFileException(where, "no package of a service configured in " + config.source()
                + " (" + TarballConfig.known(services) + ") among: " + names + "; expected " + EXPECTED);
    }

    private static List<Path> fromTarballsDir(Config config) throws InvalidInputException {
        String dir = config.string("tarballs").orElse(null);
        if (dir == null) {
            return List.of();
        }
        // Relative to the config file, so a config and its packages can travel together.
        Path base = Path.of(config.source()).toAbsolutePath().getParent();
        Path d = base == null ? Path.of(dir) : base.resolve(dir);
        if (!Files.isDirectory(d)) {
            throw config.error("tarballs: no such directory " + d, "tarballs");
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw config.error("tarballs: cannot list " + d + ": " + e.getMessage(), "tarballs");
        }
    }
}
