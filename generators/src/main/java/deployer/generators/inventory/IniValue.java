package deployer.generators.inventory;

import deployer.core.json.NodeReader;
import deployer.core.json.Node;
import deployer.core.model.InvalidInputException;

import java.util.regex.Pattern;

/**
 * A value of an INI inventory typed as Ansible's {@code ast.literal_eval} types it: {@code 5} a number,
 * {@code True}/{@code False} booleans, {@code None} null, {@code 'quoted'} the text inside, a {@code [list]} or
 * {@code {mapping}} as such; anything else stays the text as written.
 */
final class IniValue {

    private static final Pattern INTEGER = Pattern.compile("[-+]?(0|[1-9][0-9]*)");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\d+\\.\\d*|\\.\\d+)([eE][-+]?\\d+)?|[-+]?\\d+[eE][-+]?\\d+");
    private static final Pattern QUOTED = Pattern.compile("'([^'\\\\]*)'|\"([^\"\\\\]*)\"");

    private IniValue() {
    }

    static Object parse(String v) {
        if (INTEGER.matcher(v).matches()) {
            try {
                return Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
            } catch (NumberFormatException tooLong) {
                return v;
            }
        }
        if (FLOAT.matcher(v).matches()) {
            return Double.parseDouble(v);
        }
        switch (v) {
            case "True":
                return true;
            case "False":
                return false;
            case "None":
                return null;
            default:
                break;
        }
        var q = QUOTED.matcher(v);
        if (q.matches()) {
            return q.group(1) != null ? q.group(1) : q.group(2);
        }
        if ((v.startsWith("[") && v.endsWith("]")) || (v.startsWith("{") && v.endsWith("}"))) {
            try {
                Node n = NodeReader.readYaml(v, "value");
                if (n.isList() || n.isMap()) {
                    return n.toPlain();
                }
            } catch (InvalidInputException notALiteral) {
                return v;
            }
        }
        return v;
    }
}
