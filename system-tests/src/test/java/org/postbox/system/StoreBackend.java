package org.postbox.system;

import java.nio.file.Path;
import java.util.function.Supplier;

import org.postbox.mailstore.jpa.testing.PostgresDatabase;

/** The two stores Postbox can keep mail in, as the {@code store:} section of its configuration. */
public enum StoreBackend {
    /** Dovecot-compatible Maildir tree and passwd-file. */
    MAILDIR {
        @Override
        public String storeSection(Path directory, Supplier<PostgresDatabase> database) {
            return "store:\n"
                    + "  type: maildir\n"
                    + "  path: " + PostboxConfigFile.quoted(directory.resolve("mail").toString()) + "\n"
                    + "  passwd-file: " + PostboxConfigFile.quoted(directory.resolve("passwd").toString()) + "\n";
        }
    },
    /** PostgreSQL. */
    JPA {
        @Override
        public String storeSection(Path directory, Supplier<PostgresDatabase> database) {
            PostgresDatabase db = database.get();
            return "store:\n"
                    + "  type: jpa\n"
                    + "  url: " + PostboxConfigFile.quoted(db.url()) + "\n"
                    + "  user: " + PostboxConfigFile.quoted(db.user()) + "\n"
                    + (db.password().isEmpty() ? "" : "  password: " + PostboxConfigFile.quoted(db.password()) + "\n")
                    + "  pool-size: 4\n";
        }
    };

    /** The section for a store under {@code directory} (Maildir) or on a new database (PostgreSQL). */
    public abstract String storeSection(Path directory, Supplier<PostgresDatabase> database);
}
