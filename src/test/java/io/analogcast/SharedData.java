package io.analogcast;

import io.analogcast.observation.importer.ObservationImporter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real Beijing data set beside the project (never copied into it). Tests that need it fail with a pointer to
 * the file rather than skipping silently.
 */
public final class SharedData {

    private SharedData() {
    }

    public static Path beijing() {
        String dir = System.getProperty("shared.data.dir", "../shared/data");
        Path file = Path.of(dir).resolve("beijing-multisite-2013-2017.csv.gz");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("real test data missing: " + file.toAbsolutePath()
                    + " (the project reads ../shared/data/beijing-multisite-2013-2017.csv.gz)");
        }
        return file;
    }

    /** The header and the first {@code rows} data lines. */
    public static List<String> beijingLines(int rows) {
        List<String> lines = new ArrayList<>(rows + 1);
        try (BufferedReader in = ObservationImporter.open(beijing())) {
            String line;
            while (lines.size() <= rows && (line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
