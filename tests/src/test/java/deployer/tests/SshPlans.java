package deployer.tests;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the tasklists and configs the SSH end-to-end tests hand to the real CLI. */
final class SshPlans {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SshPlans() {
    }

    static Map<String, Object> task(String remoteHost, String shell) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("command", "execute_command");
        t.put("remote_host", remoteHost);
        t.put("shell", shell);
        return t;
    }

    static Map<String, Object> stage(String name, int concurrency, int perHost, List<?> tasks) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("concurrency", concurrency);
        s.put("concurrency_per_host", perHost);
        s.put("tasks", new ArrayList<>(tasks));
        return s;
    }

    static Path tasklist(Path file, String name, List<Map<String, Object>> stages) throws IOException {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("name", name);
        plan.put("stages", stages);
        Files.writeString(file, JSON.writeValueAsString(plan));
        return file;
    }

    static Path config(Path file, String sshYaml) throws IOException {
        Files.writeString(file, "platform: test\n" + sshYaml);
        return file;
    }
}
