package deployer.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The conventions of every JSON document the deployer prints for programs (run report, plan, status): an object
 * whose first keys are {@code format} (what it is, e.g. {@code deployer.run-report}) and {@code format_version} (a
 * whole number, raised on any change a reader could trip over; added keys do not raise it), snake_case keys, times
 * as ISO-8601 UTC strings, durations as {@code *_ms} whole milliseconds, unknown values as {@code null} (never
 * left out), pretty-printed with keys in a stable order, ending in a newline. Build the document as maps and lists
 * (LinkedHashMap keeps the order) and print it with {@link #toJson}.
 */
public final class JsonOutput {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setDefaultPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE));

    private JsonOutput() {
    }

    /** A new document: {@code format} and {@code format_version} first; put the rest in order. */
    public static Map<String, Object> document(String format, int formatVersion) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", format);
        doc.put("format_version", formatVersion);
        return doc;
    }

    public static String instant(Instant at) {
        return at == null ? null : at.toString();
    }

    public static Long millis(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toMillis();
    }

    /** The tree (maps, lists, strings, numbers, booleans, nulls) as pretty JSON ending in a newline. */
    public static String toJson(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON tree: " + e.getMessage(), e);
        }
    }

    /** Writes the text whole or not at all (a temporary file moved into place), so no reader sees half a report. */
    public static void write(String text, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
