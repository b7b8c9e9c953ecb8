package org.postbox.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.postbox.mailstore.jpa.testing.PostgresExtension;
import org.postbox.mailstore.jpa.testing.StoreFixture;

/**
 * The setup of the command tests that run once on each backend (Maildir and PostgreSQL): a
 * temporary directory, and a CLI whose store is in it.
 */
@ParameterizedClass(name = "store.type: {0}")
@MethodSource("stores")
abstract class OnBothBackends {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    static List<StoreFixture> stores() {
        return StoreFixture.all(POSTGRES);
    }

    @Parameter
    StoreFixture backend;

    @TempDir
    Path dir;

    Cli cli;

    @BeforeEach
    void openCli() throws IOException {
        cli = Cli.withStore(backend, dir.resolve("postbox"));
    }
}
