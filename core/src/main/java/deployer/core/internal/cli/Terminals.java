package deployer.core.internal.cli;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether a person sits at this process's terminal. */
final class Terminals {

    private Terminals() {
    }

    /**
     * True when stdin is a terminal and {@code CI} is not set. Java tells only whether stdin and stdout both are
     * ({@code System.console()}); {@code test -t 0} with our stdin asks about stdin alone, so an ad-hoc run whose
     * stdout goes to a pipe or file still asks the person typing.
     */
    static boolean stdinIsTerminal() {
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            return false;
        }
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", "test -t 0")
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.to(new File("/dev/null")))
                    .start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
