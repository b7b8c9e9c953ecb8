package org.postbox.system.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * The figures of the fault and flood tests, one JSON object per line appended to
 * {@code system-tests/target/fault-report.jsonl}, so that a run (CI or a soak by hand) leaves a
 * table to read: how often a fault was injected, how many messages were acknowledged, how many
 * were lost or duplicated, and how long recovery took.
 *
 * <pre>
 * {"fault":"kill-mid-update","backend":"JPA","injected":5,"acknowledged":60,"lost":0,"duplicated":0,"recovery_ms":2140}
 * {"flood":"slowloris","backend":"MAILDIR","p99_login_ms":12.5,"peak_rss_mib":180.0,"well_behaved_logins":200,"refused":0}
 * </pre>
 */
final class FaultReport {

    /** Maven sets it to the module's build directory; the fallback is for a run from an IDE. */
    private static final String FILE_PROPERTY = "faults.report";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper SNAKE_CASE = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private FaultReport() {
    }

    /** The figures of one fault test: {@code recoveryMs} is from restart until the first successful login. */
    record Fault(String fault, String backend, int injected, long acknowledged, long lost, long duplicated, long recoveryMs) {

        Map<String, Object> fields() {
            return fieldsOf(this);
        }
    }

    /** The figures of one flood: how a well-behaved client fared meanwhile, and the daemon's memory. */
    record Flood(String flood, String backend, double p99LoginMs, double peakRssMib, long wellBehavedLogins, long refused) {

        Map<String, Object> fields() {
            return fieldsOf(this);
        }
    }

    /** A record's components as the report's fields, in their order, named in snake case. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fieldsOf(Record figures) {
        return SNAKE_CASE.convertValue(figures, LinkedHashMap.class);
    }

    static void append(Fault figures) {
        appendLine(file(), figures.fields());
    }

    static void append(Flood figures) {
        appendLine(file(), figures.fields());
    }

    /** Where the lines go. */
    static Path file() {
        String property = System.getProperty(FILE_PROPERTY);
        return property != null ? Path.of(property) : Path.of("target", "fault-report.jsonl");
    }

    /**
     * One write of a whole line with O_APPEND, so that lines of tests running at once (in this JVM
     * or another fork) never interleave; the lock covers this JVM's threads.
     */
    static synchronized void appendLine(Path file, Map<String, Object> fields) {
        try {
            byte[] line = (JSON.writeValueAsString(fields) + "\n").getBytes(StandardCharsets.UTF_8);
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("figures that are not JSON: " + fields, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }
}
