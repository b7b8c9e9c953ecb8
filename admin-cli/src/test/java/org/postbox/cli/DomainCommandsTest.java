package org.postbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainCommandsTest {
    @TempDir
    Path dir;

    private Cli cli;

    @BeforeEach
    void configure() throws Exception {
        cli = Cli.withMaildir(dir);
    }

    @Test
    void addsListsAndRemovesDomains() throws Exception {
        assertThat(cli.run("domain", "add", "Example.COM")).isEqualTo(new Cli.Result(0, "domain example.com added\n", ""));
        assertThat(cli.run("domain", "add", "b.example.org").exitCode()).isZero();
        cli.addMailboxDirectly("alice@example.com");

        Cli.Result table = cli.run("domain", "list");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).isEqualTo(""
                + "DOMAIN         MAILBOXES  ALIASES  STATE\n"
                + "b.example.org          0        0  active\n"
                + "example.com            1        0  active\n");

        Cli.Result json = cli.run("domain", "list", "--json");
        JsonNode domains = new ObjectMapper().readTree(json.out());
        assertThat(domains.isArray()).isTrue();
        assertThat(domains).hasSize(2);
        assertThat(domains.get(1).get("domain").asText()).isEqualTo("example.com");
        assertThat(domains.get(1).get("mailboxes").asInt()).isEqualTo(1);
        assertThat(domains.get(0).get("domain").asText()).isEqualTo("b.example.org");

        assertThat(cli.run("domain", "remove", "b.example.org")).isEqualTo(new Cli.Result(0, "domain b.example.org removed\n", ""));
        assertThat(new ObjectMapper().readTree(cli.run("domain", "list", "--json").out())).hasSize(1);
    }

    @Test
    void anEmptyStoreListsOnlyTheHeaderOrAnEmptyArray() {
        assertThat(cli.run("domain", "list").out()).isEqualTo("DOMAIN  MAILBOXES  ALIASES  STATE\n");
        assertThat(cli.run("domain", "list", "--json").out()).isEqualTo("[]\n");
    }

    @Test
    void addingAnExistingDomainIsADataError() {
        cli.run("domain", "add", "example.com");

        Cli.Result again = cli.run("domain", "add", "example.com");

        assertThat(again.exitCode()).isEqualTo(65);
        assertThat(again.err()).isEqualTo("postbox: domain example.com exists\n");
    }

    @Test
    void removingAnUnknownDomainIsNoUser() {
        Cli.Result result = cli.run("domain", "remove", "example.com");

        assertThat(result.exitCode()).isEqualTo(67);
        assertThat(result.err()).isEqualTo("postbox: no domain example.com\n");
    }

    @Test
    void removingADomainWithMailboxesIsRefusedAndKeepsThem() {
        cli.run("domain", "add", "example.com");
        cli.addMailboxDirectly("alice@example.com");

        Cli.Result result = cli.run("domain", "remove", "example.com");

        assertThat(result.exitCode()).isEqualTo(65);
        assertThat(result.err()).startsWith("postbox: domain example.com still has 1 mailbox");
        assertThat(cli.run("mailbox", "list", "--json").out()).contains("alice@example.com");
    }

    @Test
    void anInvalidDomainNameIsAUsageError() {
        Cli.Result result = cli.run("domain", "add", "exa_mple..com");

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).startsWith("postbox: invalid domain 'exa_mple..com'");
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
