package deployer.commands.files;

import static deployer.core.spi.Shell.quote;

/**
 * The shell script by which a host downloads a release itself ({@code fetch_release} with {@code fetch: hosts}), with
 * curl or wget, resumable ({@code curl -C -}, {@code wget -c}), into {@code <destination>/<file>.part}; it verifies the
 * SHA-256 there ({@code sha256sum -c}), and only a package that matches gets its name. Every value is quoted; the
 * credentials are never in it, only the path of the 0600 file that holds them, which it removes when it ends.
 */
final class HostFetchScript {

    /** The exit status of a checksum mismatch; its stderr line says expected and got. */
    static final int MISMATCH = 3;

    enum Tool {
        CURL, WGET;

        /** Prints {@code curl} or {@code wget}, whichever the host has (curl first), or nothing. */
        static final String DETECT = "if command -v curl >/dev/null 2>&1; then echo curl; elif command -v wget >/dev/null 2>&1; then echo wget; fi";

        /** The credentials in the tool's own config format (curl {@code -K}, wget {@code --config}). */
        String credentials(String username, String password) {
            return switch (this) {
                case CURL -> "user = \"" + curlEscape(username + ":" + password) + "\"\n";
                case WGET -> "user = " + username + "\npassword = " + password + "\n";
            };
        }

        private static String curlEscape(String s) {
            return s.replace("\\", "\\\\").replace("\"", "\\\"");
        }
    }

    private HostFetchScript() {
    }

    /**
     * @param sha256      the expected checksum, or null to read it from {@code sha256Url} (first word) on the host
     * @param credentials the path of the credentials file on the host, or null for none
     */
    static String of(Tool tool, String url, String destination, String fileName, String sha256, String sha256Url, String credentials) {
        String get = tool == Tool.CURL
                ? "get() { curl -fsSL --retry 2 ${cfg:+-K \"$cfg\"} \"$@\"; }\n"
                : "get() { wget -nv --tries=3 ${cfg:+--config=\"$cfg\"} \"$@\"; }\n";
        String readSum = tool == Tool.CURL ? "get \"$sums\"" : "get -O - \"$sums\"";
        String download = tool == Tool.CURL ? "get -C - -o \"$d/$f.part\" \"$url\"" : "get -c -O \"$d/$f.part\" \"$url\"";
        return "d=" + quote(destination) + "; f=" + quote(fileName) + "; url=" + quote(url)
                + "; want=" + quote(sha256 == null ? "" : sha256) + "; sums=" + quote(sha256Url == null ? "" : sha256Url)
                + "; cfg=" + quote(credentials == null ? "" : credentials) + "\n"
                + "trap 'if [ -n \"$cfg\" ]; then rm -f \"$cfg\"; fi' EXIT\n"
                + get
                + "mkdir -p \"$d\" || exit 1\n"
                + "if [ -z \"$want\" ]; then\n"
                + "  want=$(" + readSum + ") || { echo \"cannot read the checksum $sums\" >&2; exit 4; }\n"
                + "  set -- $want; want=$(printf '%s' \"${1:-}\" | tr 'A-F' 'a-f')\n"
                + "  if [ ${#want} -ne 64 ] || [ -n \"$(printf '%s' \"$want\" | tr -d '0-9a-f')\" ]; then\n"
                + "    echo \"$sums holds no SHA-256 (64 hex digits first)\" >&2; exit 4\n"
                + "  fi\n"
                + "fi\n"
                + download + " || { echo \"downloading $url failed\" >&2; exit 5; }\n"
                + "if ! printf '%s  %s\\n' \"$want\" \"$d/$f.part\" | sha256sum -c --status; then\n"
                + "  got=$(sha256sum \"$d/$f.part\" | cut -d' ' -f1); rm -f \"$d/$f.part\"\n"
                + "  echo \"checksum mismatch for $f from $url: expected sha256 $want, got $got\" >&2; exit " + MISMATCH + "\n"
                + "fi\n"
                + "mv -f \"$d/$f.part\" \"$d/$f\" && wc -c < \"$d/$f\"\n";
    }
}
