package org.postbox.pop3.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Makes a finding of a fuzzing run say how to replay it. The build fuzzes each target in the
 * working directory {@code target/fuzz/<target>/} (see {@code fuzz.argLine} in the parent pom),
 * where libFuzzer saves the failing input as {@code crash-<sha1>}. This extension names that file
 * in the failure, with its content in Base64 so that the commands work on any machine, not only on
 * the one that fuzzed: they turn the input into a seed, which every build replays from then on.
 * A failure without a new crash file, as in the test phase's replay of the seeds, passes unchanged.
 *
 * <p>pop3-server's fuzz tests use it too, through this module's test-jar.
 */
public final class FuzzFindingReport implements BeforeAllCallback, TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(FuzzFindingReport.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        // Crash files of earlier runs stay in target/ until a clean: only new ones are this run's.
        context.getStore(NAMESPACE).put(Set.class, crashFiles());
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        Set<?> before = context.getStore(NAMESPACE).get(Set.class, Set.class);
        List<Path> found = crashFiles().stream().filter(file -> !before.contains(file)).sorted().toList();
        if (found.isEmpty()) {
            throw thrown;
        }
        Class<?> testClass = context.getRequiredTestClass();
        String method = context.getRequiredTestMethod().getName();
        String module = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getFileName().toString();
        String seeds = String.join("/", module, "src/test/resources", testClass.getPackageName().replace('.', '/'),
                testClass.getSimpleName() + "Inputs", method);
        StringBuilder message = new StringBuilder("Jazzer found an input that fails ")
                .append(testClass.getSimpleName()).append('#').append(method).append(", saved as ")
                .append(found.stream().map(Path::toString).collect(Collectors.joining(", ")))
                .append(". To replay it from the repository root, and keep it as a seed that every build replays:");
        for (Path file : found) {
            message.append(System.lineSeparator()).append("  echo '")
                    .append(Base64.getEncoder().encodeToString(Files.readAllBytes(file)))
                    .append("' | base64 -d > ").append(seeds).append('/').append(file.getFileName());
        }
        message.append(System.lineSeparator()).append("  ./mvnw -pl ").append(module).append(" -am test -Dtest='")
                .append(testClass.getSimpleName()).append('#').append(method)
                .append("' -Dsurefire.failIfNoSpecifiedTests=false");
        throw new AssertionError(message.toString(), thrown);
    }

    /** libFuzzer's name for an input that made the target throw, in the working directory it was given. */
    private static Set<Path> crashFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("").toAbsolutePath())) {
            return files.filter(file -> file.getFileName().toString().startsWith("crash-")).collect(Collectors.toSet());
        }
    }
}
