package deployer.commands.templates;

import com.github.mustachejava.Code;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.codes.IterableCode;
import com.github.mustachejava.codes.NotIterableCode;
import com.github.mustachejava.codes.ValueCode;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Mustache template (logic-less: values, sections, inverted sections, comments) that is strict where Mustache is
 * lenient: {@link #missing} finds every name the template uses that the values do not give, with its line, so that
 * a typo is an error before anything runs instead of an empty string in a config file. Values are written as they
 * are (no HTML escaping: these are config files). Partials and template inheritance are refused: a template is one
 * file, reviewed as one.
 */
public final class StrictTemplate {

    /** A name the template uses that the values do not give. */
    public record Missing(String file, int line, String name) {
        @Override
        public String toString() {
            return file + ":" + line + ": no value for '" + name + "'";
        }
    }

    /** A template that does not parse, with the line where Mustache stopped when it says. */
    public static final class SyntaxError extends Exception {
        public SyntaxError(String message) {
            super(message);
        }
    }

    private final String file;
    private final Mustache mustache;

    private StrictTemplate(String file, Mustache mustache) {
        this.file = file;
        this.mustache = mustache;
    }

    /** @param file the template's name in messages (its path) */
    public static StrictTemplate compile(String file, String text) throws SyntaxError {
        try {
            return new StrictTemplate(file, new Factory().compile(new StringReader(text), file));
        } catch (MustacheException e) {
            throw new SyntaxError(file + ": " + e.getMessage());
        }
    }

    public String file() {
        return file;
    }

    /**
     * Every use of a name the values do not give (a null value counts as none), in template order. A section over a
     * list is checked once per element (its names may come from the element or from outside); a section over a
     * false value or an empty list renders nothing, so its body is not checked; an inverted section's body is.
     */
    public List<Missing> missing(Map<String, ?> values) {
        Set<Missing> found = new LinkedHashSet<>();
        Deque<Object> scopes = new ArrayDeque<>();
        scopes.push(values);
        check(mustache.getCodes(), scopes, found);
        return List.copyOf(found);
    }

    /** The rendered text; call {@link #missing} first: a missing name renders as nothing here. */
    public String render(Map<String, ?> values) {
        StringWriter out = new StringWriter();
        mustache.execute(out, values);
        return out.toString();
    }

    private void check(Code[] codes, Deque<Object> scopes, Set<Missing> found) {
        if (codes == null) {
            return;
        }
        for (Code code : codes) {
            if (!(code instanceof Located located)) {
                check(code.getCodes(), scopes, found);
                continue;
            }
            Object v = lookup(code.getName(), scopes);
            if (v == ABSENT) {
                found.add(new Missing(file, located.line(), code.getName()));
                // The body may use further missing names: report them too, in the scope there is.
                check(code.getCodes(), scopes, found);
                continue;
            }
            if (code instanceof LocatedInverted) {
                check(code.getCodes(), scopes, found);
            } else if (code instanceof LocatedSection) {
                if (v instanceof Iterable<?> items) {
                    for (Object item : items) {
                        scopes.push(item);
                        check(code.getCodes(), scopes, found);
                        scopes.pop();
                    }
                } else if (v instanceof Map<?, ?>) {
                    scopes.push(v);
                    check(code.getCodes(), scopes, found);
                    scopes.pop();
                } else if (!Boolean.FALSE.equals(v)) {
                    check(code.getCodes(), scopes, found);
                }
            }
        }
    }

    private static final Object ABSENT = new Object();

    /** Mustache's lookup: the first segment from the innermost scope out, the others inside it. */
    private static Object lookup(String name, Deque<Object> scopes) {
        if (name.equals(".")) {
            return scopes.peek();
        }
        String[] parts = name.split("\\.", -1);
        for (Object scope : scopes) {
            if (scope instanceof Map<?, ?> m && m.containsKey(parts[0])) {
                Object v = m.get(parts[0]);
                for (int i = 1; i < parts.length && v != null; i++) {
                    if (!(v instanceof Map<?, ?> inner) || !inner.containsKey(parts[i])) {
                        return ABSENT;
                    }
                    v = inner.get(parts[i]);
                }
                return v == null ? ABSENT : v;
            }
        }
        return ABSENT;
    }

    /** A tag that knows the line it was written on. */
    private interface Located {
        int line();
    }

    private static final class LocatedValue extends ValueCode implements Located {
        LocatedValue(TemplateContext tc, DefaultMustacheFactory df, String variable, boolean encoded) {
            super(tc, df, variable, encoded);
        }

        @Override
        public int line() {
            return tc.line();
        }
    }

    private static final class LocatedSection extends IterableCode implements Located {
        LocatedSection(TemplateContext tc, DefaultMustacheFactory df, Mustache mustache, String variable) {
            super(tc, df, mustache, variable);
        }

        @Override
        public int line() {
            return tc.line();
        }
    }

    private static final class LocatedInverted extends NotIterableCode implements Located {
        LocatedInverted(TemplateContext tc, DefaultMustacheFactory df, Mustache mustache, String variable) {
            super(tc, df, mustache, variable);
        }

        @Override
        public int line() {
            return tc.line();
        }
    }

    /** Mustache's factory with located tags, no HTML escaping, and no partials. */
    private static final class Factory extends DefaultMustacheFactory {

        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public MustacheVisitor createMustacheVisitor() {
            return new DefaultMustacheVisitor(this) {
                @Override
                public void value(TemplateContext tc, String variable, boolean encoded) {
                    if (variable.isEmpty()) {
                        throw new MustacheException("empty variable name at line " + tc.line());
                    }
                    list.add(new LocatedValue(tc, df, variable, encoded));
                }

                @Override
                public void iterable(TemplateContext tc, String variable, Mustache mustache) {
                    list.add(new LocatedSection(tc, df, mustache, variable));
                }

                @Override
                public void notIterable(TemplateContext tc, String variable, Mustache mustache) {
                    list.add(new LocatedInverted(tc, df, mustache, variable));
                }

                @Override
                public void partial(TemplateContext tc, String variable, String indent) {
                    throw refused("partials ({{>" + variable + "}})", tc);
                }

                @Override
                public void dynamicPartial(TemplateContext tc, String variable, String indent) {
                    throw refused("partials ({{>*" + variable + "}})", tc);
                }

                @Override
                public void extend(TemplateContext tc, String variable, Mustache mustache) {
                    throw refused("template inheritance ({{<" + variable + "}})", tc);
                }

                @Override
                public void name(TemplateContext tc, String variable, Mustache mustache) {
                    throw refused("blocks ({{$" + variable + "}})", tc);
                }
            };
        }

        private static MustacheException refused(String what, TemplateContext tc) {
            return new MustacheException("line " + tc.line() + ": " + what + " are not supported: a template is one file");
        }
    }
}
