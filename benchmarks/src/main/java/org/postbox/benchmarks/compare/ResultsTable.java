package org.postbox.benchmarks.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the JSON lines of a comparison and prints one Markdown table: per mode the median over
 * the rounds for each server, the ratio Postbox / Dovecot, and the worst client CPU share seen
 * (the load generator's CPU time against the wall time and against the server's CPU time).
 *
 * <pre>java ... org.postbox.benchmarks.compare.ResultsTable results.jsonl</pre>
 */
public final class ResultsTable {

    private static final Pattern FIELD = Pattern.compile("\"([a-z0-9_]+)\":(\"[^\"]*\"|[-0-9.eE]+|null)");

    /** The figure a mode is judged by. */
    private record Metric(String field, String unit, boolean higherIsBetter) {
    }

    private ResultsTable() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Map<String, List<Map<String, String>>>> byMode = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher matcher = FIELD.matcher(line);
            while (matcher.find()) {
                fields.put(matcher.group(1), matcher.group(2).replace("\"", ""));
            }
            byMode.computeIfAbsent(fields.get("mode"), m -> new LinkedHashMap<>())
                    .computeIfAbsent(fields.get("server"), s -> new ArrayList<>()).add(fields);
        }
        System.out.println("| mode | clients | Postbox | Dovecot | unit | Postbox / Dovecot | rounds | errors, refused (P / D) | load generator CPU: of wall, of server's (max) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, Map<String, List<Map<String, String>>>> mode : byMode.entrySet()) {
            Metric metric = metric(mode.getKey());
            List<Map<String, String>> postbox = mode.getValue().getOrDefault("postbox", List.of());
            List<Map<String, String>> dovecot = mode.getValue().getOrDefault("dovecot", List.of());
            double p = median(postbox, metric.field());
            double d = median(dovecot, metric.field());
            List<Map<String, String>> all = new ArrayList<>(postbox);
            all.addAll(dovecot);
            String clients = all.isEmpty() ? "" : all.get(0).get("clients");
            String ratio = Double.isNaN(p) || Double.isNaN(d) || d == 0 ? "–"
                    : String.format(Locale.ROOT, "%.2f %s", p / d, (p / d >= 1) == metric.higherIsBetter() ? "" : "(Postbox behind)");
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %d | %s / %s | %s, %s |%n", mode.getKey(), clients,
                    format(p), format(d), metric.unit(), ratio.strip(), Math.max(postbox.size(), dovecot.size()),
                    problems(postbox), problems(dovecot), percent(max(all, "client_cpu_share")),
                    percent(max(all, "client_vs_server_cpu")));
        }
    }

    private static Metric metric(String mode) {
        if (mode.startsWith("idle")) {
            // The total, not a per-session quotient: a JVM holds new sessions in heap it had
            // already taken, so its difference from the baseline says little.
            return new Metric("pss_mib", "MiB PSS, all processes, with the sessions", false);
        }
        if (mode.startsWith("maildrop")) {
            return new Metric("p50_ms", "ms per session", false);
        }
        if (mode.contains("login")) {
            return new Metric("ops_per_s", "logins/s", true);
        }
        if (mode.contains("uidl")) {
            return new Metric("ops_per_s", "UIDL/s", true);
        }
        if (mode.contains("lmtp")) {
            return new Metric("ops_per_s", "msgs/s", true);
        }
        return new Metric("ops_per_s", "msgs/s", true);
    }

    private static double median(List<Map<String, String>> runs, String field) {
        List<Double> values = new ArrayList<>();
        for (Map<String, String> run : runs) {
            String value = run.get(field);
            if (value != null && !"null".equals(value)) {
                values.add(Double.parseDouble(value));
            }
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        values.sort(null);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private static double max(List<Map<String, String>> runs, String field) {
        double max = Double.NaN;
        for (Map<String, String> run : runs) {
            String value = run.get(field);
            if (value != null && !"null".equals(value)) {
                double v = Double.parseDouble(value);
                max = Double.isNaN(max) ? v : Math.max(max, v);
            }
        }
        return max;
    }

    private static String problems(List<Map<String, String>> runs) {
        long errors = 0;
        long refused = 0;
        for (Map<String, String> run : runs) {
            errors += (long) Double.parseDouble(run.getOrDefault("errors", "0"));
            refused += (long) Double.parseDouble(run.getOrDefault("refused", "0"));
        }
        return runs.isEmpty() ? "–" : errors + ", " + refused;
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String percent(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.0f %%", value * 100);
    }
}
