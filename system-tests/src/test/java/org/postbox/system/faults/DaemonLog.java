package org.postbox.system.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reading postboxd's log (Logback's pattern of bin/postboxd's logback.xml) for what a fault must not leave in it. */
final class DaemonLog {

    /** The first line of a stack trace Logback prints after a message: the exception, or a cause. */
    private static final Pattern EXCEPTION_LINE = Pattern.compile("^(Caused by: )?[\\w$.]+(Exception|Error)(: .*)?$");

    private DaemonLog() {
    }

    /**
     * Each ERROR line of {@code log} that a stack trace follows, with the trace's first line: what
     * an administrator is paged for, and must not see for a client's misbehaviour.
     */
    static List<String> errorsWithStackTraces(String log) {
        String[] lines = log.split("\n");
        List<String> found = new ArrayList<>();
        for (int i = 0; i + 1 < lines.length; i++) {
            String next = lines[i + 1];
            if (lines[i].contains(" ERROR ") && (next.startsWith("\tat ") || EXCEPTION_LINE.matcher(next).matches())) {
                found.add(lines[i] + "\n" + next);
            }
        }
        return found;
    }
}
