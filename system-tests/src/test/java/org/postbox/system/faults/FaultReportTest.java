package org.postbox.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report lines are JSON with the field names the closing table is made from. */
class FaultReportTest {

    @Test
    void appendsOneJsonLinePerFigures(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("report.jsonl");
        Files.writeString(file, "{\"fault\":\"earlier\"}\n");

        FaultReport.appendLine(file, new FaultReport.Fault("kill", "MAILDIR", 3, 12, 0, 0, 850).fields());
        FaultReport.appendLine(file, new FaultReport.Flood("slowloris", "JPA", 12.5, 180.25, 200, 4).fields());

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        ObjectMapper json = new ObjectMapper();
        JsonNode fault = json.readTree(lines.get(lines.size() - 2));
        assertThat(fault.get("fault").asText()).isEqualTo("kill");
        assertThat(fault.get("backend").asText()).isEqualTo("MAILDIR");
        assertThat(fault.get("injected").asInt()).isEqualTo(3);
        assertThat(fault.get("acknowledged").asLong()).isEqualTo(12);
        assertThat(fault.get("lost").asLong()).isZero();
        assertThat(fault.get("duplicated").asLong()).isZero();
        assertThat(fault.get("recovery_ms").asLong()).isEqualTo(850);
        JsonNode flood = json.readTree(lines.get(lines.size() - 1));
        assertThat(flood.get("flood").asText()).isEqualTo("slowloris");
        assertThat(flood.get("p99_login_ms").asDouble()).isEqualTo(12.5);
        assertThat(flood.get("peak_rss_mib").asDouble()).isEqualTo(180.25);
        assertThat(flood.get("well_behaved_logins").asLong()).isEqualTo(200);
        assertThat(flood.get("refused").asLong()).isEqualTo(4);
    }
}
