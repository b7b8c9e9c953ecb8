package org.postbox.mailstore.warnings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the template for a domain in the templates directory: {@code <domain>.txt}, else
 * {@code default.txt}, else {@link WarningTemplate#BUILT_IN}. Files are read at each warning, so
 * an edited template applies from the next one on without a restart; warnings are rare enough.
 * A file that exists but cannot be read or parsed is reported and replaced by the built-in text:
 * a broken template never costs a warning, let alone the delivery.
 */
final class WarningTemplates {

    static final String DEFAULT_FILE = "default.txt";

    private final Optional<Path> directory;
    private final QuotaWarningObserver observer;

    WarningTemplates(Optional<Path> directory, QuotaWarningObserver observer) {
        this.directory = directory;
        this.observer = observer;
    }

    WarningTemplate forDomain(String domain) {
        if (directory.isEmpty()) {
            return WarningTemplate.BUILT_IN;
        }
        // Domain names hold no '/' and never start with '.', so this stays within the directory.
        for (Path file : new Path[] {directory.get().resolve(domain + ".txt"), directory.get().resolve(DEFAULT_FILE)}) {
            byte[] octets;
            try {
                octets = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                observer.templateBroken(file, "cannot be read: " + e.getMessage());
                return WarningTemplate.BUILT_IN;
            }
            try {
                return WarningTemplate.parse(octets);
            } catch (IllegalArgumentException e) {
                observer.templateBroken(file, e.getMessage());
                return WarningTemplate.BUILT_IN;
            }
        }
        return WarningTemplate.BUILT_IN;
    }
}
