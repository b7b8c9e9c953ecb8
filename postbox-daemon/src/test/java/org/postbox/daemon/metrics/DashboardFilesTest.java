package org.postbox.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped dashboard without Prometheus: well-formed, every panel explained, and every metric it
 * queries documented in the README's Monitoring section (PrometheusDashboardTest checks they return data).
 */
class DashboardFilesTest {

    private static final Pattern METRIC = Pattern.compile("\\b((?:postbox|hikaricp|jvm|process|executor)_[a-z_]+)");

    @Test
    void everyPanelSaysWhatItShowsAndQueriesOnlyDocumentedMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Tools.DASHBOARD));
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(dashboard.path("uid").asText()).isEqualTo("postbox");

        Set<String> metrics = new TreeSet<>();
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("title").asText()).isNotBlank();
            assertThat(panel.path("description").asText()).as(panel.path("title").asText()).isNotBlank();
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertThat(expr).contains("$instance");
                Matcher metric = METRIC.matcher(expr);
                while (metric.find()) {
                    metrics.add(metric.group(1));
                }
                queries++;
            }
        }
        assertThat(queries).isGreaterThan(30);
        Set<String> documented = documentedMetrics(readme);
        for (String metric : metrics) {
            String name = metric.replaceAll("_(bucket|count|sum)$", "");
            assertThat(documented.contains(name) || documented.stream()
                    .anyMatch(family -> family.endsWith("_*") && name.startsWith(family.substring(0, family.length() - 1))))
                    .as("README's Monitoring section documents %s", metric).isTrue();
        }
    }

    /** The names in backquotes of the Monitoring section: {@code `postbox_store_up`}, {@code `jvm_memory_*`}. */
    private static Set<String> documentedMetrics(String readme) {
        int start = readme.indexOf("## Monitoring");
        int end = readme.indexOf("\n## ", start + 1);
        assertThat(start).as("README has a Monitoring section").isNotNegative();
        Matcher quoted = Pattern.compile("`([a-z_*]+)(?:\\{[^`]*})?`").matcher(readme.substring(start, end));
        Set<String> names = new TreeSet<>();
        while (quoted.find()) {
            names.add(quoted.group(1));
        }
        return names;
    }
}
