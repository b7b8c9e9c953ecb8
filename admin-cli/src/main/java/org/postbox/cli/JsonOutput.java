package org.postbox.cli;

import java.io.PrintWriter;
import org.postbox.admin.view.AdminJson;

/**
 * The {@code --json} form of list and show output: one JSON value on one line, written as the
 * admin API writes the same views ({@link AdminJson}), so both answer alike.
 */
final class JsonOutput {

    private JsonOutput() {
    }

    static void print(PrintWriter out, Object value) {
        // Written as a string: Jackson would otherwise close the command's output writer.
        out.println(AdminJson.write(value));
        out.flush();
    }
}
