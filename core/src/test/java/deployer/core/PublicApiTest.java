package deployer.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public packages (api, spi, model, config, json, exec) are what embedding programs and plug-ins compile
 * against; {@code deployer.core.internal} carries no promise. So no public or protected signature of a public
 * type in a public package may name an internal type: a program could not call it without reaching into internal.
 */
class PublicApiTest {

    private static final String INTERNAL = "deployer.core.internal.";
    /** Surefire runs in the module's directory; the compiled main classes are there. */
    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void publicSignaturesOfPublicPackagesNameNoInternalType() throws Exception {
        List<Class<?>> api = publicApiClasses();
        // The scan must see the real classes, or it proves nothing.
        assertThat(api).extracting(Class::getName)
                .contains("deployer.core.exec.Executor", "deployer.core.exec.HostPool", "deployer.core.api.Deployer");
        List<String> leaks = new ArrayList<>();
        for (Class<?> c : api) {
            leaks.addAll(leaks(c));
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void theScanSeesAnInternalTypeInASignature() {
        assertThat(leaks(Leaky.class)).containsExactly(
                Leaky.class.getName() + ".host(): deployer.core.internal.host.LocalHost");
    }

    /** A public type whose method hands out an internal one. */
    public static final class Leaky {
        public deployer.core.internal.host.LocalHost host() {
            return null;
        }
    }

    private static List<String> leaks(Class<?> c) {
        List<String> found = new ArrayList<>();
        check(found, c.getName() + " extends", c.getGenericSuperclass());
        for (Type t : c.getGenericInterfaces()) {
            check(found, c.getName() + " implements", t);
        }
        for (Field f : c.getDeclaredFields()) {
            if (visible(f.getModifiers())) {
                check(found, c.getName() + "." + f.getName(), f.getGenericType());
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (visible(m.getModifiers()) && !m.isSynthetic()) {
                checkExecutable(found, c.getName() + "." + m.getName() + "()", m);
                check(found, c.getName() + "." + m.getName() + "()", m.getGenericReturnType());
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (visible(k.getModifiers())) {
                checkExecutable(found, c.getName() + ".<init>()", k);
            }
        }
        return found;
    }

    private static void checkExecutable(List<String> found, String where, Executable e) {
        for (Type p : e.getGenericParameterTypes()) {
            check(found, where, p);
        }
        for (Type x : e.getGenericExceptionTypes()) {
            check(found, where, x);
        }
    }

    private static void check(List<String> found, String where, Type type) {
        if (type == null) {
            return;
        }
        if (type instanceof Class<?> k) {
            Class<?> base = k;
            while (base.isArray()) {
                base = base.getComponentType();
            }
            if (base.getName().startsWith(INTERNAL)) {
                found.add(where + ": " + base.getName());
            }
        } else if (type instanceof ParameterizedType p) {
            check(found, where, p.getRawType());
            for (Type a : p.getActualTypeArguments()) {
                check(found, where, a);
            }
        } else if (type instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                check(found, where, b);
            }
            for (Type b : w.getLowerBounds()) {
                check(found, where, b);
            }
        }
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static List<Class<?>> publicApiClasses() throws IOException, ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES.resolve("deployer/core"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String name = CLASSES.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.startsWith(INTERNAL) || name.endsWith("package-info")) {
                    continue;
                }
                Class<?> c = Class.forName(name, false, PublicApiTest.class.getClassLoader());
                if (isPubliclyReachable(c)) {
                    classes.add(c);
                }
            }
        }
        return classes;
    }

    private static boolean isPubliclyReachable(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
                return false;
            }
        }
        return true;
    }
}
