package deployer.core.json;

/** Lets tests of other packages check how parser messages are cleaned. */
public final class ParseErrorsAccess {

    private ParseErrorsAccess() {
    }

    public static String message(String original) {
        return ParseErrors.message(original);
    }
}
