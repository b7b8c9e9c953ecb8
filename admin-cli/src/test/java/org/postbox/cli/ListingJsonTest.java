package org.postbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.admin.AdminService;
import org.postbox.admin.view.AdminJson;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine;

/**
 * Every command that lists or shows takes {@code --json} and prints the views the admin API
 * answers with ({@link AdminJson}): the listings no other test reads as JSON, and a check over
 * the whole command tree so that a new listing cannot come without it.
 */
class ListingJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Cli cli;

    @BeforeEach
    void configure() throws Exception {
        cli = Cli.withMaildir(dir);
    }

    @Test
    void everyListingCommandTakesJson() {
        CommandLine root = PostboxCommand.create(new ByteArrayInputStream(new byte[0]), Optional.empty());
        List<String> listings = new ArrayList<>();
        collectListings(root, listings);

        assertThat(listings).contains("postbox domain list", "postbox mailbox list", "postbox alias list",
                "postbox mailbox app-password list", "postbox admin-token list", "postbox quota show", "postbox who");
        for (String listing : listings) {
            CommandLine command = find(root, listing);
            assertThat(command.getCommandSpec().findOption("--json")).as(listing + " --json").isNotNull();
        }
    }

    @Test
    void aliasListPrintsTheApisAliasViews() throws Exception {
        assertThat(cli.run("domain", "add", "example.com").exitCode()).isZero();
        cli.addMailboxDirectly("alice@example.com");
        cli.addMailboxDirectly("bob@example.com");
        assertThat(cli.run("alias", "set", "sales@example.com", "alice@example.com", "bob@example.com").exitCode()).isZero();
        assertThat(cli.run("alias", "set", "@example.com", "bob@example.com").exitCode()).isZero();

        Cli.Result result = cli.run("alias", "list", "example.com", "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).hasLineCount(1);
        JsonNode aliases = JSON.readTree(result.out());
        assertThat(aliases).hasSize(2);
        assertThat(aliases.get(0).path("alias").asText()).isEqualTo("@example.com");
        assertThat(aliases.get(0).path("catchAll").asBoolean()).isTrue();
        assertThat(aliases.get(1).path("alias").asText()).isEqualTo("sales@example.com");
        assertThat(aliases.get(1).path("domain").asText()).isEqualTo("example.com");
        assertThat(aliases.get(1).path("catchAll").asBoolean()).isFalse();
        assertThat(aliases.get(1).path("targets")).extracting(JsonNode::asText)
                .containsExactly("alice@example.com", "bob@example.com");
        try (MailStore store = cli.openStore()) {
            assertThat(aliases).isEqualTo(JSON.readTree(AdminJson.write(AdminService.of(store).aliases().list("example.com"))));
        }
    }

    @Test
    void aliasListOfADomainWithoutAliasesIsAnEmptyArray() throws Exception {
        assertThat(cli.run("domain", "add", "example.com").exitCode()).isZero();

        assertThat(cli.run("alias", "list", "example.com", "--json")).isEqualTo(new Cli.Result(0, "[]\n", ""));
    }

    @Test
    void adminTokenListPrintsNamesScopesAndDatesButNeverASecret() throws Exception {
        String panel = JSON.readTree(cli.run("admin-token", "create", "panel", "--scope", "write", "--json").out())
                .path("secret").asText();
        assertThat(panel).startsWith("pbx_");
        assertThat(cli.run("admin-token", "create", "grafana", "--scope", "read").exitCode()).isZero();

        Cli.Result result = cli.run("admin-token", "list", "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode tokens = JSON.readTree(result.out());
        assertThat(tokens).hasSize(2);
        assertThat(tokens).extracting(token -> token.path("name").asText() + " " + token.path("scope").asText())
                .containsExactlyInAnyOrder("panel write", "grafana read");
        for (JsonNode token : tokens) {
            assertThat(token.path("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(token.has("secret")).isFalse();
        }
        assertThat(result.out()).doesNotContain(panel);
        assertThat(cli.run("admin-token", "revoke", "grafana").exitCode()).isZero();
        assertThat(JSON.readTree(cli.run("admin-token", "list", "--json").out())).hasSize(1);
    }

    @Test
    void adminTokenListWithoutTokensIsAnEmptyArray() {
        assertThat(cli.run("admin-token", "list", "--json")).isEqualTo(new Cli.Result(0, "[]\n", ""));
    }

    /** The full names ({@code postbox mailbox list}) of the commands that list or show. */
    private static void collectListings(CommandLine command, List<String> listings) {
        String name = command.getCommandName();
        if (name.equals("list") || name.equals("show") || name.equals("who")) {
            listings.add(command.getCommandSpec().qualifiedName());
        }
        command.getSubcommands().values().stream().distinct().forEach(sub -> collectListings(sub, listings));
    }

    private static CommandLine find(CommandLine root, String qualifiedName) {
        CommandLine command = root;
        String[] words = qualifiedName.split(" ");
        for (int i = 1; i < words.length; i++) {
            command = command.getSubcommands().get(words[i]);
        }
        return command;
    }
}
