package deployer.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import deployer.core.model.InputFileException;
import deployer.core.model.InvalidInputException;
import deployer.core.model.SourceLocation;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON or YAML into {@link Node}s with their locations. Duplicate keys are errors (a silently
 * overwritten key in a hand-edited plan is a deploy nobody asked for).
 */
public final class NodeReader {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    private NodeReader() {
    }

    public static Node readJson(Path file) throws InvalidInputException {
        return read(JSON, file);
    }

    public static Node readYaml(Path file) throws InvalidInputException {
        return read(YAML, file);
    }

    public static Node readJson(String text, String name) throws InvalidInputException {
        return parse(JSON, new StringReader(text), name);
    }

    public static Node readYaml(String text, String name) throws InvalidInputException {
        return parse(YAML, new StringReader(text), name);
    }

    private static Node read(JsonFactory factory, Path file) throws InvalidInputException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputFileException(file.toString(), "file not found");
        } catch (IOException e) {
            throw InputFileException.of(file.toString(), e);
        }
        return parse(factory, new StringReader(text), file.toString());
    }

    private static Node parse(JsonFactory factory, Reader reader, String name) throws InvalidInputException {
        try (JsonParser p = factory.createParser(reader)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidInputException(name, "the file is empty");
            }
            Node root;
            try {
                root = readValue(p, name, where(name, p.currentTokenLocation()));
            } catch (DuplicateKey d) {
                throw new InvalidInputException(d.location.toString(), d.getMessage());
            }
            if (p.nextToken() != null) {
                throw new InvalidInputException(where(name, p.currentTokenLocation()).toString(),
                        "unexpected content after the end of the document");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw ParseErrors.clean(e, name);
        } catch (IOException e) {
            throw new InvalidInputException(name, "cannot read: " + e.getMessage());
        }
    }

    /** Reads the value at the current token; {@code loc} is its key's location inside an object (messages point at the key). */
    private static Node readValue(JsonParser p, String name, SourceLocation loc) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Node> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    SourceLocation keyLoc = where(name, p.currentTokenLocation());
                    Node first = map.get(key);
                    if (first != null) {
                        // Checked here rather than by Jackson: the message can point at both places.
                        throw new DuplicateKey(keyLoc, "duplicate key '" + key + "' (first at line " + first.location().line()
                                + ", column " + first.location().column() + "); a key may appear once in a mapping");
                    }
                    p.nextToken();
                    map.put(key, readValue(p, name, keyLoc));
                }
                return new Node(Collections.unmodifiableMap(map), loc);
            }
            case START_ARRAY: {
                List<Node> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(p, name, where(name, p.currentTokenLocation())));
                }
                return new Node(Collections.unmodifiableList(list), loc);
            }
            case VALUE_STRING:
                return new Node(p.getText(), loc);
            case VALUE_NUMBER_INT:
                // Too big for a long: kept exact, so a range check can say "too large" rather than the parser failing.
                return new Node(p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue(), loc);
            case VALUE_NUMBER_FLOAT:
                return new Node(p.getDoubleValue(), loc);
            case VALUE_TRUE:
                return new Node(Boolean.TRUE, loc);
            case VALUE_FALSE:
                return new Node(Boolean.FALSE, loc);
            case VALUE_NULL:
                return new Node(null, loc);
            default:
                throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected token " + t);
        }
    }

    private static SourceLocation where(String name, JsonLocation loc) {
        return new SourceLocation(name, loc.getLineNr(), loc.getColumnNr());
    }

    /** A key written twice in one mapping: a silently overwritten key is a deploy nobody asked for. */
    private static final class DuplicateKey extends IOException {
        final SourceLocation location;

        DuplicateKey(SourceLocation location, String message) {
            super(message);
            this.location = location;
        }
    }
}
