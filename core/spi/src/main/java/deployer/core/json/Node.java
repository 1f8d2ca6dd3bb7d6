package deployer.core.json;

import deployer.core.model.SourceLocation;

import java.util.List;
import java.util.Map;

/**
 * A JSON or YAML value that remembers where it was read, so every message can point at file:line:column.
 * {@code value} is a {@code Map<String, Node>} (insertion order), a {@code List<Node>}, a String, a Long,
 * a Double, a Boolean, or null.
 */
public record Node(Object value, SourceLocation location) {

    public boolean isMap() {
        return value instanceof Map;
    }

    public boolean isList() {
        return value instanceof List;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Node> asMap() {
        return (Map<String, Node>) value;
    }

    @SuppressWarnings("unchecked")
    public List<Node> asList() {
        return (List<Node>) value;
    }

    /** The JSON type name for messages: object, array, string, integer, number, boolean, null. */
    public String typeName() {
        if (value == null) return "null";
        if (value instanceof Map) return "object";
        if (value instanceof List) return "array";
        if (value instanceof String) return "string";
        if (value instanceof Long || value instanceof java.math.BigInteger) return "integer";
        if (value instanceof Number) return "number";
        if (value instanceof Boolean) return "boolean";
        return value.getClass().getSimpleName();
    }

    /** The value as plain Java (maps, lists, scalars) without locations. */
    public Object toPlain() {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            asMap().forEach((k, v) -> out.put(k, v.toPlain()));
            return java.util.Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?>) {
            return asList().stream().map(Node::toPlain).toList();
        }
        return value;
    }
}
