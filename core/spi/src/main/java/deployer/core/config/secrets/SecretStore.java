package deployer.core.config.secrets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import deployer.core.json.Node;
import deployer.core.json.NodeReader;
import deployer.core.model.InputFileException;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.Secret;
import deployer.core.model.SecretReference;
import deployer.core.spi.Secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The decrypted secrets of one environment: names and values, read from {@code secrets/ENV.yaml.enc} beside the
 * config. The plain form (what {@code deploy secrets encrypt} reads and {@code edit} shows) is a YAML mapping of
 * names to single values.
 */
public final class SecretStore implements Secrets {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());

    private final Map<String, Secret> values;
    private final String source;

    private SecretStore(Map<String, Secret> values, String source) {
        this.values = Collections.unmodifiableMap(values);
        this.source = source;
    }

    /** The secrets file of environment {@code env} for the config file {@code config}. */
    public static Path fileFor(Path config, String env) {
        return config.resolveSibling("secrets").resolve(env + ".yaml.enc");
    }

    /** Decrypts and reads {@code file}; a wrong key or a changed byte is an error naming the file, never garbage. */
    public static SecretStore open(Path file, SecretsKey key) throws InvalidInputException {
        byte[] sealed;
        try {
            sealed = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputFileException("secrets file " + file, "no such file (create it with: deploy secrets encrypt"
                    + " --config CONFIG --environment ENV PLAINFILE)");
        } catch (IOException e) {
            throw InputFileException.of("secrets file " + file, e);
        }
        byte[] plain;
        try {
            plain = SecretsFile.decrypt(sealed, key);
        } catch (SecretsFile.DecryptException e) {
            throw new InputFileException("cannot decrypt " + file, e.getMessage() + " (key from " + key.origin() + ")");
        }
        return new SecretStore(toSecrets(parse(new String(plain, StandardCharsets.UTF_8), file.toString())), file.toString());
    }

    /** Names and values of a plain secrets YAML; problems name the line, never show a value. */
    public static Map<String, String> parse(String yaml, String name) throws InvalidInputException {
        if (yaml.isBlank()) {
            return Map.of();
        }
        Node root = NodeReader.readYaml(yaml, name);
        if (root.value() == null) {
            return Map.of();
        }
        if (!root.isMap()) {
            throw new InvalidInputException(root.location().toString(), "a secrets file is a YAML mapping of names to values, got a " + root.typeName());
        }
        Map<String, String> out = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        root.asMap().forEach((k, v) -> {
            if (!SecretReference.NAME.matcher(k).matches()) {
                problems.add(new Problem(v.location() + " " + k, "a secret's name has letters, digits, '_', '.' and '-' only"));
            } else if (v.value() == null || v.isMap() || v.isList()) {
                problems.add(new Problem(v.location() + " " + k, "expected a single value (text), got "
                        + (v.value() == null ? "no value" : "a " + v.typeName())));
            } else {
                out.put(k, String.valueOf(v.value()));
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return out;
    }

    public static String toYaml(Map<String, String> values) {
        if (values.isEmpty()) {
            return "";
        }
        try {
            return YAML.writeValueAsString(values);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(Path file, Map<String, String> values, SecretsKey key) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, SecretsFile.encrypt(toYaml(values).getBytes(StandardCharsets.UTF_8), key));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The plain values, for {@code deploy secrets decrypt/show/edit} only. */
    public Map<String, String> reveal() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v.reveal()));
        return out;
    }

    @Override
    public Optional<Secret> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    @Override
    public Set<String> names() {
        return values.keySet();
    }

    @Override
    public String source() {
        return source;
    }

    /** Every value, for the log masks. */
    public List<String> allValues() {
        return values.values().stream().map(Secret::reveal).toList();
    }

    @Override
    public String toString() {
        return "SecretStore[" + source + ", " + values.size() + " secrets]";
    }

    private static Map<String, Secret> toSecrets(Map<String, String> plain) {
        Map<String, Secret> m = new LinkedHashMap<>();
        plain.forEach((k, v) -> m.put(k, Secret.of(v)));
        return m;
    }
}
