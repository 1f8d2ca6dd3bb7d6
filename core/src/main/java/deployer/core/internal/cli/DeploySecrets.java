package deployer.core.internal.cli;

import deployer.core.config.Config;
import deployer.core.config.ConfigLoader;
import deployer.core.config.EnvironmentOverlay;
import deployer.core.config.secrets.SecretStore;
import deployer.core.config.secrets.SecretsFile;
import deployer.core.config.secrets.SecretsKey;
import deployer.core.model.InputFileException;
import deployer.core.model.InvalidInputException;
import deployer.core.spi.HostException;
import deployer.core.model.Problem;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code deploy secrets encrypt|decrypt|edit|show|genkey}: the encrypted secrets of an environment,
 * {@code secrets/ENV.yaml.enc} beside the config. The plain form is a YAML mapping of names to values.
 */
final class DeploySecrets extends SubCommand {

    static final String NAME = "secrets";
    private static final String SCRIPT = "deploy secrets";
    private static final List<String> ACTIONS = List.of("encrypt", "decrypt", "edit", "show", "genkey");

    @Override
    String name() {
        return SCRIPT;
    }

    @Override
    String synopsis() {
        return "encrypt|decrypt|edit|show|genkey --config FILE --environment NAME [PLAINFILE]";
    }

    @Override
    String summary() {
        return "encrypt PLAINFILE: encrypt a plain YAML file of names and values into secrets/NAME.yaml.enc (AES-256-GCM)."
                + " decrypt [PLAINFILE]: write the plain YAML to PLAINFILE (0600) or stdout. edit: open $EDITOR on a"
                + " 0600 temporary copy, re-encrypt on save, remove the copy. show: print names and values (--names: names)."
                + " genkey [--out FILE]: print a new 256-bit key for DEPLOYER_SECRETS_KEY, or write it to a key file"
                + " (--out ~/.config/deployer/NAME.key: the file 0600, missing folders 0700, never overwriting one).";
    }

    @Override
    List<String> actions() {
        return ACTIONS;
    }

    @Override
    List<String> actionsTakingAFile() {
        return List.of("encrypt", "decrypt");
    }

    @Override
    boolean takesArguments() {
        return true;
    }

    @Override
    Options options() {
        Options options = new Options();
        options.addOption(Option.builder("c").longOpt("config").hasArg().argName("FILE").desc("the config the secrets file sits beside").get());
        options.addOption(Option.builder("e").longOpt("environment").hasArg().argName("NAME").desc("whose secrets: secrets/NAME.yaml.enc").get());
        options.addOption(Option.builder().longOpt("secrets-key-file").hasArg().argName("FILE")
                .desc("the key or passphrase (else DEPLOYER_SECRETS_KEY, DEPLOYER_SECRETS_PASSPHRASE, the config's secrets_key_file, a prompt)").get());
        options.addOption(Option.builder().longOpt("names").desc("show: the names only").get());
        options.addOption(Option.builder().longOpt("out").hasArg().argName("FILE")
                .desc("genkey: write the key to FILE (mode 0600; missing folders made 0700; an existing FILE is never overwritten) instead of stdout").get());
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").get());
        return options;
    }

    @Override
    int execute(CommandLine cl, PrintStream out, PrintStream err)
            throws UsageException, InvalidInputException, HostException, IOException, InterruptedException {
        List<String> rest = cl.getArgList();
        if (rest.isEmpty()) {
            out.print(help());
            return 2;
        }
        String action = rest.get(0);
        if (!ACTIONS.contains(action)) {
            throw new UsageException("unknown action '" + action + "'; expected one of " + String.join(", ", ACTIONS));
        }
        if (cl.hasOption("out") && !action.equals("genkey")) {
            throw new UsageException("--out FILE is where genkey writes a new key; " + action + " does not take it");
        }
        if (action.equals("genkey")) {
            if (rest.size() > 1) {
                throw new UsageException("unexpected argument: " + rest.get(1));
            }
            if (cl.hasOption("out")) {
                Path keyFile = Path.of(cl.getOptionValue("out"));
                KeyFileWriter.writeNew(keyFile, SecretsFile.newKey());
                err.println("Wrote a new key to " + keyFile + " (mode 0600); give it with --secrets-key-file " + keyFile
                        + " or the config's secrets_key_file");
            } else {
                out.println(SecretsFile.newKey());
            }
            return 0;
        }
        if (!cl.hasOption("config") || !cl.hasOption("environment")) {
            throw new UsageException(action + " needs --config FILE and --environment NAME (the file is secrets/NAME.yaml.enc beside the config)");
        }
        int allowed = action.equals("encrypt") ? 2 : action.equals("decrypt") ? 2 : 1;
        if (rest.size() > allowed || (action.equals("encrypt") && rest.size() < 2)) {
            throw new UsageException(action.equals("encrypt") ? "encrypt needs the plain file: encrypt PLAINFILE"
                    : "unexpected argument: " + rest.get(allowed));
        }
        EnvironmentOverlay.checkName(cl.getOptionValue("environment"));
        Path config = Path.of(cl.getOptionValue("config"));
        Path file = SecretStore.fileFor(config, cl.getOptionValue("environment"));
        Config loaded = ConfigLoader.load(config);
        SecretsKey key = RunSecrets.key(cl, loaded, file);
        switch (action) {
            case "encrypt" -> {
                Path plain = Path.of(rest.get(1));
                Map<String, String> values = SecretStore.parse(read(plain), plain.toString());
                write(file, values, key);
                err.println("Encrypted " + values.size() + " secret" + (values.size() == 1 ? "" : "s") + " into " + file);
            }
            case "decrypt" -> {
                String yaml = SecretStore.toYaml(SecretStore.open(file, key).reveal());
                if (rest.size() == 2) {
                    Path plain = Path.of(rest.get(1));
                    writePrivate(plain, yaml);
                    err.println("Decrypted " + file + " into " + plain + " (mode 0600; remove it when done)");
                } else {
                    out.print(yaml);
                }
            }
            case "show" -> {
                Map<String, String> values = new TreeMap<>(SecretStore.open(file, key).reveal());
                if (cl.hasOption("names")) {
                    values.keySet().forEach(out::println);
                } else {
                    out.print(SecretStore.toYaml(values));
                }
            }
            case "edit" -> {
                return edit(file, key, err);
            }
            default -> throw new IllegalStateException(action);
        }
        return 0;
    }

    /** A secrets file's problems are one per line, each naming the file: no "invalid input, nothing was run". */
    @Override
    int failed(Exception e, PrintStream out, PrintStream err) {
        if (e instanceof InvalidInputException invalid) {
            for (Problem p : invalid.problems()) {
                err.println(SCRIPT + ": " + p);
            }
            return 2;
        }
        return super.failed(e, out, err);
    }

    /**
     * Decrypts into a 0600 file in a 0700 directory of its own, runs the editor on it, and re-encrypts what was saved
     * (a fresh nonce and salt); the plain copy is removed whatever happens. A new file starts empty.
     */
    private static int edit(Path file, SecretsKey key, PrintStream err) throws InvalidInputException, IOException, InterruptedException {
        String before = Files.exists(file) ? SecretStore.toYaml(SecretStore.open(file, key).reveal()) : "";
        Path dir = Files.createTempDirectory("deployer-secrets-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path plain = dir.resolve(file.getFileName().toString().replaceFirst("\\.enc$", ""));
        try {
            writePrivate(plain, before);
            String editor = System.getenv("VISUAL") != null && !System.getenv("VISUAL").isBlank() ? System.getenv("VISUAL")
                    : System.getenv("EDITOR") != null && !System.getenv("EDITOR").isBlank() ? System.getenv("EDITOR") : "vi";
            // Through sh, as git does: EDITOR may hold options ("code --wait").
            Process p = new ProcessBuilder("sh", "-c", editor + " \"$1\"", "sh", plain.toString()).inheritIO().start();
            int exit = p.waitFor();
            if (exit != 0) {
                err.println(SCRIPT + ": the editor (" + editor + ") exited with status " + exit + "; " + file + " is unchanged");
                return 1;
            }
            String after = read(plain);
            if (after.equals(before)) {
                err.println("No change; " + file + " is unchanged");
                return 0;
            }
            Map<String, String> values;
            try {
                values = SecretStore.parse(after, "the edited secrets");
            } catch (InvalidInputException e) {
                for (Problem problem : e.problems()) {
                    err.println(SCRIPT + ": " + problem);
                }
                err.println(SCRIPT + ": " + file + " is unchanged");
                return 2;
            }
            write(file, values, key);
            err.println("Encrypted " + values.size() + " secret" + (values.size() == 1 ? "" : "s") + " into " + file);
            return 0;
        } finally {
            Files.deleteIfExists(plain);
            Files.deleteIfExists(dir);
        }
    }

    private static String read(Path plain) throws InputFileException {
        try {
            return Files.readString(plain, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw InputFileException.of(plain.toString(), e);
        }
    }

    private static void write(Path file, Map<String, String> values, SecretsKey key) throws InputFileException {
        try {
            SecretStore.write(file, values, key);
        } catch (IOException e) {
            throw InputFileException.of(file.toString(), e);
        }
    }

    private static void writePrivate(Path plain, String text) throws IOException {
        Files.deleteIfExists(plain);
        Files.createFile(plain, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(plain, text, StandardCharsets.UTF_8);
    }
}
