package deployer.commands.files;

/**
 * One member of a tar archive as its listing shows it.
 *
 * @param name   the member name as stored ({@code ./bin/run}, {@code lib/})
 * @param type   the first character of its {@code tar -tv} line: {@code -} file, {@code d} directory,
 *               {@code l} symlink, {@code h} hard link, others for special files
 * @param target the link target for {@code l} and {@code h}, else null
 */
record ArchiveEntry(String name, char type, String target) {

    boolean isSymlink() {
        return type == 'l';
    }

    boolean isHardLink() {
        return type == 'h';
    }
}
