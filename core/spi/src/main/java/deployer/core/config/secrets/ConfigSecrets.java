package deployer.core.config.secrets;

import deployer.core.config.Config;
import deployer.core.json.Node;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.SecretReference;
import deployer.core.spi.Secrets;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ${secret:NAME}} references a config writes, checked against the environment's secrets before a plan is
 * validated: an unknown name is reported once, at the file:line:column where it is written, rather than once for
 * each task a generator copied it into (at {@code <generated> task 4.1}, where nobody can fix it).
 */
public final class ConfigSecrets {

    private ConfigSecrets() {
    }

    /** Fails with every reference of {@code config} to a name {@code secrets} does not hold. */
    public static void requireKnown(Config config, Secrets secrets) throws InvalidInputException {
        List<Problem> problems = unknown(config.root(), "", secrets, new ArrayList<>());
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    private static List<Problem> unknown(Node n, String path, Secrets secrets, List<Problem> into) {
        if (n.value() instanceof String s) {
            for (String name : SecretReference.names(s)) {
                if (secrets.get(name).isEmpty()) {
                    into.add(new Problem(n.location() + (path.isEmpty() ? "" : " " + path), secrets.unknown(name)));
                }
            }
        } else if (n.isList()) {
            for (int i = 0; i < n.asList().size(); i++) {
                unknown(n.asList().get(i), path + "[" + i + "]", secrets, into);
            }
        } else if (n.isMap()) {
            n.asMap().forEach((k, v) -> unknown(v, path.isEmpty() ? k : path + "." + k, secrets, into));
        }
        return into;
    }
}
