package deployer.core.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import deployer.core.model.InvalidInputException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.util.regex.Pattern;

/**
 * Turns a parser's exception into one clean "file:line:column: syntax error: what" line. Jackson's messages carry
 * internals a user cannot act on ({@code [Source: REDACTED…]}, "enable {@code JsonReadFeature…} to allow", class
 * names); those are cut away, and YAML errors are located at SnakeYAML's problem mark, which points at the fault
 * rather than at the token before it.
 */
final class ParseErrors {

    private static final Pattern SOURCE = Pattern.compile("\\s*\\(start marker at \\[Source:[^]]*]\\)|\\s*\\[Source:[^]]*]");
    private static final Pattern FEATURE_HINT = Pattern.compile("\\s*\\([^()]*`[A-Za-z.]*(Feature|Constraints)[A-Za-z._()]*`[^()]*\\)"
            + "|[:;,]?\\s*(?:enable|disable) `[A-Za-z._]*` to (?:allow|accept)[^.;)]*");
    private static final Pattern INTERNAL = Pattern.compile("(?i)feature\\b|constraints\\b|jackson|\\[source:|\\bcom\\.fasterxml|\\bjava\\.(?:lang|io|util)\\.|\\borg\\.yaml");

    private ParseErrors() {
    }

    static InvalidInputException clean(JsonProcessingException e, String name) {
        MarkedYAMLException yaml = yamlCause(e);
        if (yaml != null && yaml.getProblemMark() != null) {
            Mark m = yaml.getProblemMark();
            String problem = firstLine(yaml.getProblem() == null ? "not valid YAML" : yaml.getProblem());
            String context = yaml.getContext() == null ? "" : " (" + firstLine(yaml.getContext()) + ")";
            return new InvalidInputException(name + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1), "syntax error: " + problem + context);
        }
        JsonLocation loc = e.getLocation();
        String where = loc == null || loc.getLineNr() < 1 ? name : name + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
        return new InvalidInputException(where, "syntax error: " + message(e.getOriginalMessage()));
    }

    /** The parser's own words without its internals; a generic phrase when nothing readable is left. */
    static String message(String original) {
        if (original == null) {
            return "not valid here";
        }
        String m = firstLine(original);
        m = SOURCE.matcher(m).replaceAll("");
        m = FEATURE_HINT.matcher(m).replaceAll("");
        m = m.trim();
        if (m.isEmpty() || INTERNAL.matcher(m).find()) {
            return "not valid here";
        }
        return m;
    }

    private static MarkedYAMLException yamlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m) {
                return m;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
