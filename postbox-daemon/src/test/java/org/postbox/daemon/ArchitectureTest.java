package org.postbox.daemon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrows of docs/architecture.md, for every module: the engines (pop3-protocol,
 * session-support, lmtp-server, pop3-server) know neither the daemon nor the configuration, and
 * each knows only the modules below it; the store's SPI knows only the JDK; backends and the
 * password schemes know no protocol; and the daemon picks a backend through
 * {@code MailStoreProvider}, so no class outside a backend names a backend class (an
 * {@code instanceof} would be such a dependency).
 *
 * <p>The poms are the first boundary (pop3-server cannot even compile against the daemon); this
 * test catches what Maven lets through: a package of one module reaching into another that is on
 * its class path for a different reason, and modules whose pom drifts. Here, the daemon's test
 * class path, every module's production classes are present (admin-cli and benchmarks aside,
 * which nothing depends on), and every rule fails when the classes it speaks of are missing
 * (ArchUnit's failOnEmptyShould, left on).
 */
class ArchitectureTest {
    private static JavaClasses classes;

    /** The JDK, including its javax packages (TLS, crypto). */
    private static final String[] JDK = {"java..", "javax.."};

    @BeforeAll
    static void importClasses() {
        // Rules look at package names only; reading every JDK and library class they name would be slow.
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TEST_FIXTURES)
                // The predefined option knows only target/test-classes, but builds may use another
                // output folder (-Dbuild.dirname), and test-jars (PostgresExtension) are tests too.
                .withImportOption(location -> !location.contains("/test-classes/") && !location.contains("-tests.jar"))
                .importPackages("org.postbox");
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void everyCheckedModuleIsOnTheClassPath() {
        // Without this, a rule over a package that was not imported would check nothing.
        assertThat(classes.stream().map(JavaClass::getPackageName).distinct())
                .contains("org.postbox.pop3.protocol", "org.postbox.session", "org.postbox.lmtp",
                        "org.postbox.pop3.server", "org.postbox.pop3.server.tls", "org.postbox.password",
                        "org.postbox.config", "org.postbox.mailstore", "org.postbox.mailstore.spi", "org.postbox.mailstore.warnings",
                        "org.postbox.mailstore.maildir",
                        "org.postbox.mailstore.jpa", "org.postbox.daemon", "org.postbox.daemon.tls")
                .doesNotContain("org.postbox.mailstore.jpa.testing");
        assertThat(classes.stream().map(JavaClass::getSimpleName))
                .as("the engine's test helpers come from a test-jar and are not checked")
                .doesNotContain("TestServer", "TestAuthenticator");
    }

    @Test
    void protocolDependsOnlyOnItselfTheJdkAndMina() {
        classes().that().resideInAPackage("org.postbox.pop3.protocol..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage(with(JDK, "org.postbox.pop3.protocol..", "org.apache.mina.."))
                .check(classes);
    }

    @Test
    void sessionSupportDependsOnlyOnMinaAndSlf4j() {
        classes().that().resideInAPackage("org.postbox.session..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage(with(JDK, "org.postbox.session..", "org.apache.mina..", "org.slf4j.."))
                .check(classes);
    }

    @Test
    void lmtpKnowsOnlySessionSupportAndTheStoreApi() {
        classes().that().resideInAPackage("org.postbox.lmtp..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage(with(JDK, "org.postbox.lmtp..", "org.postbox.session..", "org.postbox.mailstore",
                        "org.apache.mina..", "org.slf4j.."))
                .check(classes);
    }

    @Test
    void pop3EngineKnowsOnlyTheProtocolSessionSupportAndTheStoreApi() {
        // No daemon, configuration, password schemes, LMTP or backend: the daemon hands it values.
        // One library besides: ScramVerifier takes SCRAM-SHA-256's functions from ongres scram-common,
        // as the project never hand-rolls cryptography.
        classes().that().resideInAPackage("org.postbox.pop3.server..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage(with(JDK, "org.postbox.pop3.server..", "org.postbox.pop3.protocol..",
                        "org.postbox.session..", "org.postbox.mailstore", "org.apache.mina..", "org.slf4j..",
                        "com.ongres.scram.common.."))
                .check(classes);
    }

    @Test
    void noEngineImportsTheDaemonOrTheConfiguration() {
        noClasses().that().resideInAnyPackage("org.postbox.pop3..", "org.postbox.lmtp..", "org.postbox.session..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.postbox.daemon..", "org.postbox.config..", "org.postbox.admin..")
                .check(classes);
    }

    @Test
    void passwordSchemesKnowNoOtherModule() {
        // Neither the store nor a protocol nor the daemon: the CLI and the daemon both use them.
        classes().that().resideInAPackage("org.postbox.password..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage(with(JDK, "org.postbox.password..", "org.bouncycastle..", "org.apache.commons.codec..",
                        "com.ongres.."))
                .check(classes);
    }

    @Test
    void storeApiDependsOnlyOnTheJdk() {
        // The spi package holds what both backends share (OpenMaildrops, FileTrees, RecipientCheck): JDK only too,
        // as do the quota warnings that wrap any backend.
        classes().that().resideInAnyPackage("org.postbox.mailstore", "org.postbox.mailstore.spi",
                        "org.postbox.mailstore.warnings")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("org.postbox.mailstore", "org.postbox.mailstore.spi", "org.postbox.mailstore.warnings",
                        "java..")
                .check(classes);
    }

    @Test
    void backendsKnowNoProtocolDaemonConfigurationOrCli() {
        noClasses().that().resideInAnyPackage("org.postbox.mailstore.maildir..", "org.postbox.mailstore.jpa..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.postbox.pop3..", "org.postbox.lmtp..", "org.postbox.session..",
                        "org.postbox.daemon..", "org.postbox.config..", "org.postbox.cli..", "org.postbox.admin..")
                .check(classes);
    }

    @Test
    void configurationKnowsNoEngineAndNoDaemon() {
        noClasses().that().resideInAPackage("org.postbox.config..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.postbox.pop3..", "org.postbox.lmtp..", "org.postbox.session..",
                        "org.postbox.daemon..")
                .check(classes);
    }

    @Test
    void onlyTheBackendsNameABackend() {
        noClasses().that().resideInAnyPackage("org.postbox.pop3..", "org.postbox.lmtp..", "org.postbox.session..",
                        "org.postbox.daemon..", "org.postbox.config..", "org.postbox.password..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.postbox.mailstore.maildir..", "org.postbox.mailstore.jpa..")
                .check(classes);
    }

    @Test
    void aViolationIsReported() {
        // The daemon uses SLF4J, so this deliberately false rule must fail: the checks above can fail too.
        assertThatThrownBy(() -> classes()
                .that().resideInAPackage("org.postbox.daemon")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.postbox..")
                .check(classes)).isInstanceOf(AssertionError.class).hasMessageContaining("org.slf4j");
    }

    @Test
    void aRuleOverClassesThatAreMissingFails() {
        // failOnEmptyShould: a rule whose package was renamed away must not pass by checking nothing.
        assertThatThrownBy(() -> noClasses().that().resideInAPackage("org.postbox.nosuchmodule..")
                .should().dependOnClassesThat().resideInAPackage("org.postbox.daemon..")
                .check(classes)).isInstanceOf(AssertionError.class);
    }
}
