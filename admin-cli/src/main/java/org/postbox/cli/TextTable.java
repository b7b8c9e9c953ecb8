package org.postbox.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.postbox.admin.Octets;

/** A plain-text table with a header line and aligned columns, for human eyes (scripts use --json). */
final class TextTable {

    /** A column: its header and whether its cells are numbers, which line up on the right. */
    record Column(String header, boolean numeric) {
    }

    private final List<Column> columns;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(Column... columns) {
        this.columns = List.of(columns);
    }

    TextTable row(String... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("a row needs " + columns.size() + " cells, got " + cells.length);
        }
        rows.add(List.of(cells));
        return this;
    }

    void print(PrintWriter out) {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).header().length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        List<String> headers = new ArrayList<>();
        columns.forEach(column -> headers.add(column.header()));
        printLine(out, headers, widths);
        rows.forEach(row -> printLine(out, row, widths));
        out.flush();
    }

    private void printLine(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            String cell = cells.get(c);
            String padding = " ".repeat(widths[c] - cell.length());
            if (c > 0) {
                line.append("  ");
            }
            line.append(columns.get(c).numeric() ? padding + cell : cell + padding);
        }
        out.println(line.toString().stripTrailing());
    }

    /** Octets in binary units with one decimal, e.g. {@code 512 B}, {@code 1.5 KiB}, {@code 12.0 MiB}. */
    static String octets(long octets) {
        return Octets.format(octets);
    }
}
