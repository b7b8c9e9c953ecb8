package org.postbox.daemon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrows of docs/DESIGN: the protocol knows no storage, the SPI knows only the JDK, backends
 * know no protocol, and the server picks a backend through {@code MailStoreProvider}, so no
 * server class names a backend class (an {@code instanceof} would be such a dependency).
 *
 * <p>The production classes of every module on this module's class path are checked: pop3-protocol,
 * mailstore-api, mailstore-maildir, mailstore-jpa, postbox-config and pop3-server itself.
 */
class ArchitectureTest {
    private static JavaClasses classes;

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

    @Test
    void everyCheckedModuleIsOnTheClassPath() {
        // Without this, a rule over a package that was not imported would check nothing.
        assertThat(classes.stream().map(c -> c.getPackageName()).distinct())
                .contains("org.postbox.pop3.protocol", "org.postbox.mailstore", "org.postbox.mailstore.maildir",
                        "org.postbox.mailstore.jpa", "org.postbox.pop3.server", "org.postbox.daemon")
                .doesNotContain("org.postbox.mailstore.jpa.testing");
    }

    @Test
    void protocolDependsOnlyOnItselfTheJdkAndMina() {
        classes().that().resideInAPackage("org.postbox.pop3.protocol..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("org.postbox.pop3.protocol..", "java..", "org.apache.mina..")
                .check(classes);
    }

    @Test
    void storeApiDependsOnlyOnTheJdk() {
        classes().that().resideInAPackage("org.postbox.mailstore")
                .should().onlyDependOnClassesThat().resideInAnyPackage("org.postbox.mailstore", "java..")
                .check(classes);
    }

    @Test
    void backendsKnowNoProtocolDaemonOrCli() {
        noClasses().that().resideInAnyPackage("org.postbox.mailstore.maildir..", "org.postbox.mailstore.jpa..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.postbox.pop3..", "org.postbox.daemon..", "org.postbox.cli..")
                .check(classes);
    }

    @Test
    void serverAndDaemonNeverNameABackend() {
        noClasses().that().resideInAnyPackage("org.postbox.pop3..", "org.postbox.daemon..", "org.postbox.config..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.postbox.mailstore.maildir..", "org.postbox.mailstore.jpa..")
                .check(classes);
    }

    @Test
    void aViolationIsReported() {
        // The daemon uses SLF4J, so this deliberately false rule must fail: the checks above can fail too.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> classes()
                .that().resideInAPackage("org.postbox.daemon")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.postbox..")
                .check(classes)).isInstanceOf(AssertionError.class).hasMessageContaining("org.slf4j");
    }
}
