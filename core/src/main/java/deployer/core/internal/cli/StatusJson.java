package deployer.core.internal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import deployer.core.spi.StatusReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code deploy status --output json}: the report as versioned JSON (format in docs/reference/formats.md, "Status JSON"). A field
 * is added without a new {@link #FORMAT_VERSION}; a field renamed, removed or changed in meaning raises it.
 */
final class StatusJson {

    static final int FORMAT_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusJson() {
    }

    static String toJson(StatusReport report, String config) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("format_version", FORMAT_VERSION);
        top.put("config", config);
        top.put("ok", report.allOk());
        List<Object> services = new ArrayList<>();
        for (StatusReport.Service s : report.services()) {
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("service", s.name());
            service.put("newest", s.newest());
            service.put("newest_from", s.newestFrom());
            List<Object> hosts = new ArrayList<>();
            for (StatusReport.Host h : s.hosts()) {
                Map<String, Object> host = new LinkedHashMap<>();
                host.put("host", h.host());
                host.put("current", h.current());
                host.put("previous", h.previous());
                host.put("rollback_to", h.rollbackTo());
                host.put("rollback_note", h.rollbackNote());
                host.put("state", h.state().name().toLowerCase(java.util.Locale.ROOT));
                host.put("detail", h.detail());
                host.put("at_newest", h.atNewest());
                host.put("standing", h.standing().name().toLowerCase(java.util.Locale.ROOT));
                host.put("ok", h.ok());
                hosts.add(host);
            }
            service.put("hosts", hosts);
            services.add(service);
        }
        top.put("services", services);
        try {
            return MAPPER.writeValueAsString(top) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the status as JSON", e);
        }
    }
}
