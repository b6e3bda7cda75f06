package io.analogcast.observation.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.analogcast.observation.ObservationRecord;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A CSV format with a header row. Parsing is Jackson's CSV dataformat (which Quarkus's Jackson already brings):
 * quoted fields with commas, quotes and line breaks, CRLF, a UTF-8 byte-order mark, blank lines and {@code #}
 * comment lines. Subclasses map the header to their columns and each row to a record.
 */
public abstract class CsvImporter extends ObservationImporter {

    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.TRIM_SPACES, CsvParser.Feature.SKIP_EMPTY_LINES,
                    CsvParser.Feature.ALLOW_COMMENTS)
            .build();
    private static final CsvSchema ROWS = CsvSchema.emptySchema().withComments();

    /** Marker for a format's resolved header. */
    protected interface Columns {
    }

    /** Resolves the header into what the subclass needs per row; throws ImportFormatException if unusable. */
    protected abstract Columns layout(Map<String, Integer> columns, ImportReport report);

    /** Parses one row with the right field count, or reports it and returns null. */
    protected abstract ObservationRecord parseRow(Columns layout, String[] fields, long line, ImportReport report);

    /** A report for one input, saying how this format reads it. */
    protected ImportReport newReport() {
        return new ImportReport(format());
    }

    @Override
    public final ImportReport read(Path file, Consumer<ObservationRecord> sink) throws IOException {
        try (BufferedReader in = open(file)) {
            return read(in, sink);
        }
    }

    /** Reads the header and every row after it. */
    public final ImportReport read(Reader in, Consumer<ObservationRecord> sink) throws IOException {
        ImportReport report = newReport();
        LineNumbers lines = new LineNumbers(in);
        try (CsvParser parser = (CsvParser) CSV.createParser(lines)) {
            parser.setSchema(ROWS);
            Row header = next(parser, lines);
            if (header == null) {
                throw new ImportFormatException("empty input: expected a " + format() + " header line");
            }
            Map<String, Integer> columns = columnsOf(header.fields());
            Columns layout = layout(columns, report);
            for (;;) {
                Row row;
                try {
                    row = next(parser, lines);
                } catch (IOException e) {
                    // an unterminated quote, say: where the next row starts is unknown, so reading stops here
                    report.countLine();
                    String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
                    report.rejectRow(lines.lineAt(parser.currentLocation().getCharOffset()), "not readable as CSV (" + why
                            + "); nothing after it was read");
                    break;
                }
                if (row == null) {
                    break;
                }
                if (row.fields().length == 1 && row.fields()[0].isEmpty()) {
                    continue; // a line of spaces
                }
                report.countLine();
                if (row.fields().length != columns.size()) {
                    report.rejectRow(row.line(), "expected " + columns.size() + " fields, found " + row.fields().length);
                    continue;
                }
                ObservationRecord record = parseRow(layout, row.fields(), row.line(), report);
                if (record != null) {
                    report.accept();
                    sink.accept(record);
                }
            }
        }
        return report;
    }

    /**
     * Reads one record given as field name to text (a JSON object, say); {@code position} numbers it in the report.
     * Unknown or missing fields reject this record only.
     */
    public final ObservationRecord readRecord(Map<String, String> row, long position, ImportReport report) {
        report.countLine();
        List<String> names = new ArrayList<>(row.keySet());
        Columns layout;
        try {
            layout = layout(columnsOf(names.toArray(String[]::new)), report);
        } catch (ImportFormatException e) {
            report.rejectRow(position, e.getMessage());
            return null;
        }
        String[] fields = new String[names.size()];
        for (int i = 0; i < fields.length; i++) {
            String value = row.get(names.get(i));
            fields[i] = value == null ? "" : value.trim();
        }
        ObservationRecord record = parseRow(layout, fields, position, report);
        if (record != null) {
            report.accept();
        }
        return record;
    }

    private record Row(long line, String[] fields) {
    }

    /** The next row and the line it starts on, or null at the end. */
    private static Row next(CsvParser parser, LineNumbers lines) throws IOException {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            return null;
        }
        // the row's first field, not its start: the parser places that at the end of the row before
        long line = 0;
        List<String> fields = new ArrayList<>();
        while (parser.nextToken() == JsonToken.VALUE_STRING) {
            if (fields.isEmpty()) {
                line = lines.lineAt(parser.currentTokenLocation().getCharOffset());
            }
            fields.add(parser.getText());
        }
        return new Row(line, fields.toArray(String[]::new));
    }

    /**
     * The line number of a character offset, counted from the line breaks the parser has read (the parser's own line
     * count leaves out comment and blank lines). Offsets are asked for in increasing order, so only the breaks read
     * ahead of the parser are kept.
     */
    private static final class LineNumbers extends FilterReader {
        private final ArrayDeque<Long> breaks = new ArrayDeque<>();
        private long offset;
        private long linesBefore;

        LineNumbers(Reader in) {
            super(in);
        }

        @Override
        public int read(char[] buffer, int from, int length) throws IOException {
            int n = super.read(buffer, from, length);
            for (int i = 0; i < n; i++) {
                if (buffer[from + i] == '\n') {
                    breaks.add(offset + i);
                }
            }
            offset += Math.max(n, 0);
            return n;
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        long lineAt(long charOffset) {
            while (!breaks.isEmpty() && breaks.peekFirst() < charOffset) {
                breaks.pollFirst();
                linesBefore++;
            }
            return linesBefore + 1;
        }
    }

    private static Map<String, Integer> columnsOf(String[] names) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            String name = (i == 0 && names[i].startsWith("\uFEFF") ? names[i].substring(1) : names[i]).trim();
            if (columns.put(name.toLowerCase(Locale.ROOT), i) != null) {
                throw new ImportFormatException("duplicate column '" + name + "' in header");
            }
        }
        return columns;
    }
}
