package deployer.core.spi;

/** Receives a running command's output line by line, as it arrives. */
@FunctionalInterface
public interface OutputListener {

    OutputListener IGNORE = (line, stderr) -> { };

    void line(String line, boolean stderr);
}
