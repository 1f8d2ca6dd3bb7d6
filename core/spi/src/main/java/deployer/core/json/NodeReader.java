package deployer.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import deployer.core.model.InputFileException;
import deployer.core.model.InvalidInputException;
import deployer.core.model.SourceLocation;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.ScalarEvent;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON or YAML into {@link Node}s with their locations. Duplicate keys are errors (a silently
 * overwritten key in a hand-edited plan is a deploy nobody asked for). YAML anchors, aliases and merge keys are
 * resolved, bounded (see {@link Document}).
 */
public final class NodeReader {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final YAMLFactory YAML = new AnchorsYamlFactory();

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
            } catch (LocatedProblem d) {
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
        return new Document(p, name).value(loc);
    }

    /**
     * One document being read. In YAML, anchors, aliases and merge keys ({@code <<}) are resolved as YAML defines
     * them (Jackson's streaming parser hands an alias over as a string holding the anchor's name); an alias shares the
     * anchored node, and the values the aliases stand for are counted so that an expansion bomb (a billion laughs)
     * is refused where it is written instead of exhausting whoever walks the tree.
     */
    private static final class Document {
        /** Values the aliases of one document may stand for in all (a large fleet's config uses a few hundred). */
        static final long MAX_ALIASED_VALUES = 100_000;
        static final String MERGE_KEY = "<<";

        private final JsonParser p;
        private final YAMLParser yaml;
        private final String name;
        private final Map<String, Anchored> anchors = new HashMap<>();
        private long values;
        private long aliased;

        private record Anchored(Node node, long size) {
        }

        Document(JsonParser p, String name) {
            this.p = p;
            this.yaml = p instanceof YAMLParser y ? y : null;
            this.name = name;
        }

        Node value(SourceLocation loc) throws IOException {
            String anchor = yaml == null ? null : AnchorsYamlFactory.anchor(yaml);
            long before = values;
            Node node = unanchored(loc);
            if (anchor != null) {
                anchors.put(anchor, new Anchored(node, values - before));
            }
            return node;
        }

        private Node unanchored(SourceLocation loc) throws IOException {
            JsonToken t = p.currentToken();
            if (yaml != null && t == JsonToken.VALUE_STRING && yaml.isCurrentAlias()) {
                return alias(p.getText(), where(name, p.currentTokenLocation()), loc);
            }
            values++;
            switch (t) {
                case START_OBJECT:
                    return mapping(loc);
                case START_ARRAY: {
                    List<Node> list = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        list.add(value(where(name, p.currentTokenLocation())));
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

        /** The anchored node, at the alias's place: messages about it point where the alias is written. */
        private Node alias(String anchor, SourceLocation at, SourceLocation loc) throws IOException {
            Anchored a = anchors.get(anchor);
            if (a == null) {
                throw new LocatedProblem(at, "unknown alias *" + anchor + ": no '&" + anchor + "' anchor before it in the file");
            }
            aliased += a.size();
            values += a.size();
            if (aliased > MAX_ALIASED_VALUES) {
                throw new LocatedProblem(at, "aliases expand to more than " + MAX_ALIASED_VALUES
                        + " values (an expansion bomb?); write the values out, or alias fewer or smaller nodes");
            }
            return new Node(a.node().value(), loc);
        }

        /** A mapping; its {@code <<} entries mix mappings in under the keys it writes itself (YAML's merge key). */
        private Node mapping(SourceLocation loc) throws IOException {
            Map<String, Node> own = new LinkedHashMap<>();
            List<Map.Entry<Integer, Node>> merges = new ArrayList<>();
            List<String> order = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                SourceLocation keyLoc = where(name, p.currentTokenLocation());
                p.nextToken();
                if (yaml != null && MERGE_KEY.equals(key)) {
                    Node merged = value(keyLoc);
                    merges.add(Map.entry(order.size(), merged));
                    continue;
                }
                Node first = own.get(key);
                if (first != null) {
                    // Checked here rather than by Jackson: the message can point at both places.
                    throw new LocatedProblem(keyLoc, "duplicate key '" + key + "' (first at line " + first.location().line()
                            + ", column " + first.location().column() + "); a key may appear once in a mapping");
                }
                own.put(key, value(keyLoc));
                order.add(key);
            }
            if (merges.isEmpty()) {
                return new Node(Collections.unmodifiableMap(own), loc);
            }
            // Keys written in the mapping win over merged ones; of merged mappings, the earlier one wins.
            Map<String, Node> out = new LinkedHashMap<>();
            int next = 0;
            for (Map.Entry<Integer, Node> merge : merges) {
                for (; next < merge.getKey(); next++) {
                    out.put(order.get(next), own.get(order.get(next)));
                }
                for (Node m : mergedMappings(merge.getValue().location(), merge.getValue())) {
                    m.asMap().forEach((k, v) -> {
                        if (!own.containsKey(k)) {
                            out.putIfAbsent(k, v);
                        }
                    });
                }
            }
            for (; next < order.size(); next++) {
                out.put(order.get(next), own.get(order.get(next)));
            }
            return new Node(Collections.unmodifiableMap(out), loc);
        }

        /** The mappings a merge key mixes in; {@code at} is where the {@code <<} is written. */
        private static List<Node> mergedMappings(SourceLocation at, Node merge) throws LocatedProblem {
            List<Node> maps = merge.isList() ? merge.asList() : List.of(merge);
            for (Node m : maps) {
                if (!m.isMap()) {
                    throw new LocatedProblem(at, "'<<' (merge key) expects a mapping or a list of mappings, got "
                            + (m.isList() ? "a list" : m.typeName()) + " (written at line " + m.location().line() + ")");
                }
            }
            return maps;
        }
    }

    private static SourceLocation where(String name, JsonLocation loc) {
        return new SourceLocation(name, loc.getLineNr(), loc.getColumnNr());
    }

    /**
     * Jackson's YAML parser, telling the anchor of a scalar value too: its {@code getCurrentAnchor()} gives only a
     * mapping's or list's (a scalar's anchor is in the event, which it keeps in a protected field).
     */
    private static final class AnchorsYamlFactory extends YAMLFactory {

        static String anchor(YAMLParser p) {
            return p instanceof AnchorsParser a ? a.anchor() : p.getCurrentAnchor();
        }

        @Override
        protected YAMLParser _createParser(Reader r, IOContext ctxt) {
            return new AnchorsParser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
        }

        private static final class AnchorsParser extends YAMLParser {
            AnchorsParser(IOContext ctxt, int features, int yamlFeatures, LoaderOptions options, ObjectCodec codec, Reader r) {
                super(ctxt, features, yamlFeatures, options, codec, r);
            }

            String anchor() {
                if (_lastEvent instanceof ScalarEvent scalar) {
                    return scalar.getAnchor();
                }
                return getCurrentAnchor();
            }
        }
    }

    /** A problem found while reading (a key written twice, an unknown alias…), at its place in the file. */
    private static final class LocatedProblem extends IOException {
        final SourceLocation location;

        LocatedProblem(SourceLocation location, String message) {
            super(message);
            this.location = location;
        }
    }
}
