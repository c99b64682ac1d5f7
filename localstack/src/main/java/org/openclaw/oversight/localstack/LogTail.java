package org.openclaw.oversight.localstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The end of a server's log file, for error messages; reads at most the last 16 KiB. */
final class LogTail {

    private static final int MAX_BYTES = 16 * 1024;

    private LogTail() {}

    static String lastLines(Path logFile, int lines) {
        if (logFile == null || !Files.isReadable(logFile)) {
            return "";
        }
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = file.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[size];
            file.seek(length - size);
            file.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n");
            int from = Math.max(0, all.length - lines);
            // the first line of a partial read may be cut in the middle; drop it unless it is all we have
            if (from == 0 && length > size && all.length > 1) {
                from = 1;
            }
            return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
        } catch (IOException e) {
            return "";
        }
    }
}
