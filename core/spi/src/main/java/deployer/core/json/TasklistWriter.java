package deployer.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import deployer.core.model.OnFailure;
import deployer.core.model.Redaction;
import deployer.core.model.Secret;
import deployer.core.model.Stage;
import deployer.core.model.StageItem;
import deployer.core.model.StagePolicy;
import deployer.core.model.Task;
import deployer.core.model.Tasklist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a tasklist as pretty JSON with keys in a stable order (reserved keys first, then arguments sorted),
 * so that {@code diff} between two saved plans shows only what changed. Secrets and the values of sensitive
 * arguments ({@code sensitive}, {@code no_log}) are written as {@code ********}: a saved plan never holds a secret.
 */
public final class TasklistWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setDefaultPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE));

    private static final List<String> ENGINE_KEY_ORDER = List.of("timeout", "retries", "retry_delay", "idempotent");

    private TasklistWriter() {
    }

    public static String toJson(Tasklist tasklist) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("name", tasklist.name());
        List<Object> stages = new ArrayList<>();
        for (Stage s : tasklist.stages()) {
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("name", s.name());
            stage.put("concurrency", s.concurrency());
            if (s.hasPerHostLimit()) {
                stage.put("concurrency_per_host", s.concurrencyPerHost());
            }
            if (s.always()) {
                stage.put("always", true);
            }
            if (s.whenFailed()) {
                stage.put("when", "failed");
            }
            StagePolicy p = s.policy();
            if (p.onFailure() != OnFailure.STOP) {
                stage.put("on_failure", p.onFailure().name().toLowerCase(java.util.Locale.ROOT));
            }
            if (p.maxFailures() != null) {
                stage.put("max_failures", p.maxFailures());
            }
            if (p.maxFailPercentage() != null) {
                stage.put("max_fail_percentage", p.maxFailPercentage());
            }
            if (p.rollout() != null) {
                stage.put("rollout", p.rollout());
            }
            List<Object> tasks = new ArrayList<>();
            for (StageItem item : s.items()) {
                if (item instanceof StageItem.Single single) {
                    tasks.add(task(single.task()));
                } else {
                    tasks.add(item.links().stream().map(TasklistWriter::task).toList());
                }
            }
            stage.put("tasks", tasks);
            stages.add(stage);
        }
        top.put("stages", stages);
        if (!tasklist.skippedHosts().isEmpty()) {
            top.put("skipped_hosts", tasklist.skippedHosts().stream().map(h -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("host", h.host());
                m.put("service", h.service());
                m.put("why", h.why());
                return m;
            }).toList());
        }
        try {
            return MAPPER.writeValueAsString(top) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write tasklist", e);
        }
    }

    /** Writes beside the target then renames, so an interrupted save never leaves half a plan. */
    public static void save(Tasklist tasklist, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
        Files.writeString(tmp, toJson(tasklist), StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, Object> task(Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", t.command());
        if (t.remoteHost() != null) m.put("remote_host", t.remoteHost());
        if (t.remoteUser() != null) m.put("remote_user", t.remoteUser());
        if (t.tag() != null) m.put("tag", t.tag());
        if (t.sudo() != null) m.put("sudo", true);
        if (t.sudo() != null && t.sudo().user() != null) m.put("sudo_user", t.sudo().user());
        // Secret-typed arguments are listed as sensitive too, so that reading the plan back finds their placeholder.
        java.util.Set<String> sensitive = new java.util.TreeSet<>(t.sensitivity().arguments());
        t.arguments().forEach((k, v) -> {
            if (holdsSecret(v)) sensitive.add(k);
        });
        if (!sensitive.isEmpty()) m.put("sensitive", List.copyOf(sensitive));
        if (t.sensitivity().noLog()) m.put("no_log", true);
        // The engine's keys (the task's failure policy) before the command's arguments, so a reader sees them apart.
        for (String k : ENGINE_KEY_ORDER) {
            if (t.arguments().containsKey(k)) {
                m.put(k, t.arguments().get(k));
            }
        }
        new TreeMap<>(t.arguments()).forEach((k, v) -> {
            if (!Task.ENGINE_KEYS.contains(k)) {
                m.put(k, t.sensitivity().covers(k, v) ? Redaction.maskedValue(v) : masked(v));
            }
        });
        return m;
    }

    private static boolean holdsSecret(Object v) {
        if (v instanceof Secret) return true;
        if (v instanceof List<?> l) return l.stream().anyMatch(TasklistWriter::holdsSecret);
        if (v instanceof Map<?, ?> map) return map.values().stream().anyMatch(TasklistWriter::holdsSecret);
        return false;
    }

    private static Object masked(Object v) {
        if (v instanceof Secret) return Secret.MASK;
        if (v instanceof List<?> l) return l.stream().map(TasklistWriter::masked).toList();
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(k), masked(x)));
            return out;
        }
        return v;
    }
}
