package org.postbox.cli;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boundaries of the two modules the daemon's ArchitectureTest cannot see, since the daemon
 * does not depend on them: the CLI and the migration readers. The CLI reaches the stores through
 * the SPI (backends at run time, through ServiceLoader) and never a protocol engine or the daemon;
 * the readers of other servers' files know only the store API and the password schemes; the admin
 * service (postbox-admin), shared by the CLI and the daemon's admin API, knows neither of them.
 */
class CliArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/test-classes/") && !location.contains("-tests.jar"))
                .importPackages("org.postbox.cli", "org.postbox.migration", "org.postbox.admin");
    }

    @Test
    void bothModulesAreOnTheClassPath() {
        // Without this, a rule over a package that was not imported would check nothing.
        assertThat(classes.stream().map(JavaClass::getPackageName).distinct())
                .contains("org.postbox.cli", "org.postbox.migration", "org.postbox.migration.dovecot",
                        "org.postbox.migration.courier", "org.postbox.admin", "org.postbox.admin.view");
    }

    @Test
    void theCliKnowsNoEngineNoDaemonAndNoBackend() {
        noClasses().that().resideInAPackage("org.postbox.cli..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.postbox.pop3..", "org.postbox.lmtp..", "org.postbox.session..",
                        "org.postbox.daemon..", "org.postbox.mailstore.maildir..", "org.postbox.mailstore.jpa..")
                .check(classes);
    }

    @Test
    void theAdminServiceKnowsOnlyTheStoreApiPasswordSchemesAndItsLibraries() {
        classes().that().resideInAPackage("org.postbox.admin..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.postbox.admin..", "org.postbox.mailstore", "org.postbox.password..",
                        "com.fasterxml.jackson..", "org.apache.commons.csv..", "org.slf4j..")
                .check(classes);
    }

    @Test
    void migrationReadersKnowOnlyTheStoreApiAndPasswordSchemes() {
        classes().that().resideInAPackage("org.postbox.migration..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax..", "org.postbox.migration..", "org.postbox.mailstore",
                        "org.postbox.password..")
                .check(classes);
    }
}
