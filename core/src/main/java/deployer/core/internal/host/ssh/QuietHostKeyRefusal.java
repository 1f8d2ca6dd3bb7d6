package deployer.core.internal.host.ssh;

import net.schmizz.sshj.common.LoggerFactory;
import org.slf4j.Logger;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * sshj's loggers as they are, less one line: the ERROR that sshj's key exchange logs when our verifier refuses a host
 * key ("Disconnecting because none of the configured Host key verifiers ([…HostKeyCheck@5828c694]) could verify …
 * with fingerprint" and an MD5 fingerprint). The task's failure says it in our words — unknown or changed, with the
 * SHA256 fingerprints as OpenSSH prints them — and that line only came first, in sshj's internals. Every other line
 * of that logger (its debug lines with -d included) is kept; done here, in sshj's own logger factory, so no logging
 * configuration has to know an sshj class name.
 */
final class QuietHostKeyRefusal implements LoggerFactory {

    /** sshj's key exchange (package-private there, so by name). */
    static final String KEY_EXCHANGER = "net.schmizz.sshj.transport.KeyExchanger";
    static final String REFUSAL = "Disconnecting because none of the configured Host key verifiers";

    private final LoggerFactory delegate;

    QuietHostKeyRefusal(LoggerFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public Logger getLogger(String name) {
        return quiet(delegate.getLogger(name), name);
    }

    @Override
    public Logger getLogger(Class<?> clazz) {
        return quiet(delegate.getLogger(clazz), clazz.getName());
    }

    private static Logger quiet(Logger logger, String name) {
        if (!name.equals(KEY_EXCHANGER)) {
            return logger;
        }
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[]{Logger.class}, (proxy, method, args) -> {
            if (method.getName().equals("error") && args != null && args.length > 0 && args[0] instanceof String m && m.startsWith(REFUSAL)) {
                return null;
            }
            try {
                return method.invoke(logger, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
