package org.postbox.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.postbox.admin.view.AdminJson;
import org.postbox.admin.view.ApplyReportView;
import org.postbox.admin.view.MailboxView;
import org.postbox.admin.view.NewAdminTokenView;
import org.postbox.mailstore.AdminScope;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.jpa.testing.PostgresExtension;
import org.postbox.mailstore.jpa.testing.StoreFixture;
import org.postbox.password.PasswordSchemes;

/** The administration rules on both backends: outcomes, audit lines, error kinds, tokens and apply. */
@ParameterizedClass(name = "store.type: {0}")
@MethodSource("stores")
class AdminServiceTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    static List<StoreFixture> stores() {
        return StoreFixture.all(POSTGRES);
    }

    private static final Actor ROOT = Actor.cli("root");
    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");
    private static final MailboxAddress BOB = MailboxAddress.parse("bob@example.com");
    private static final String HASH = "{PLAIN}secret";

    @Parameter
    StoreFixture backend;

    @TempDir
    Path dir;

    private MailStore store;
    private final List<AuditEntry> audit = new ArrayList<>();
    private AdminService admin;

    @BeforeEach
    void open() {
        store = backend.open(dir.resolve("store"));
        admin = new AdminService(store, audit::add, Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    @Test
    void eachChangeWritesOneAuditLineAndARepeatedPutNone() {
        admin.domains().add(ROOT, "Example.COM");
        admin.mailboxes().add(ROOT, ALICE, NewPassword.hashed(HASH), MailboxQuotaChange.NONE);
        MailboxSettings settings = new MailboxSettings(Optional.of(NewPassword.hashed(HASH)), Optional.of(true),
                Optional.of(false), new MailboxQuotaChange(Optional.of(1L << 30), Optional.empty()));

        assertThat(admin.mailboxes().put(ROOT, ALICE, settings).outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(admin.mailboxes().put(ROOT, ALICE, settings)).isEqualTo(new Change(Outcome.UNCHANGED, List.of()));

        assertThat(audit).extracting(AuditEntry::line).containsExactly(
                "who=cli:root action=domain.add target=example.com",
                "who=cli:root action=mailbox.add target=alice@example.com",
                "who=cli:root action=mailbox.change target=alice@example.com "
                        + "changes=\"suspended false -> true; pop3 true -> false; quota storage 0 -> 1073741824\"");
        MailboxView alice = admin.mailboxes().get(ALICE);
        assertThat(alice.suspended()).isTrue();
        assertThat(alice.pop3()).isFalse();
        assertThat(alice.maxOctets()).isEqualTo(1L << 30);
    }

    @Test
    void aNewPasswordIsAuditedWithoutItsValueAndAPlainOneMatchingTheHashIsLeftAlone() {
        admin.domains().add(ROOT, "example.com");
        admin.mailboxes().add(ROOT, ALICE, NewPassword.plain("first secret", "SCRAM-SHA-256"), MailboxQuotaChange.NONE);
        String stored = store.directory().account(ALICE).orElseThrow().passwordHash();
        assertThat(stored).startsWith("{SCRAM-SHA-256}");

        assertThat(admin.mailboxes().put(ROOT, ALICE, MailboxSettings.withPassword(
                NewPassword.plain("first secret", "SCRAM-SHA-256"))).outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(admin.mailboxes().put(ROOT, ALICE, MailboxSettings.withPassword(
                NewPassword.plain("second secret", "SCRAM-SHA-256"))).changes()).containsExactly("password");

        String now = store.directory().account(ALICE).orElseThrow().passwordHash();
        assertThat(PasswordSchemes.verify(now, "second secret")).isTrue();
        assertThat(audit).extracting(AuditEntry::line).noneMatch(line -> line.contains("secret") || line.contains("{SCRAM"));
    }

    @Test
    void failuresAreClassifiedByKind() {
        admin.domains().add(ROOT, "example.com");
        admin.mailboxes().add(ROOT, ALICE, NewPassword.hashed(HASH), MailboxQuotaChange.NONE);

        assertKind(() -> admin.domains().add(ROOT, "example.com"), ErrorKind.CONFLICT);
        assertKind(() -> admin.domains().remove(ROOT, "example.com"), ErrorKind.CONFLICT);
        assertKind(() -> admin.domains().get("example.org"), ErrorKind.NOT_FOUND);
        assertKind(() -> admin.mailboxes().get(BOB), ErrorKind.NOT_FOUND);
        assertKind(() -> admin.aliases().get(AliasName.catchAll("example.com")), ErrorKind.NOT_FOUND);
        assertKind(() -> admin.aliases().put(ROOT, AliasName.parse("sales@example.com"), List.of(BOB)), ErrorKind.CONFLICT);
        assertKind(() -> admin.mailboxes().add(ROOT, BOB, NewPassword.plain(""), MailboxQuotaChange.NONE), ErrorKind.INVALID);
        assertKind(() -> NewPassword.hashed("not a hash"), ErrorKind.INVALID);
        assertKind(() -> admin.domains().add(ROOT, "exa_mple..com"), ErrorKind.INVALID);
        admin.quotas().setDomain(ROOT, "example.com", new DomainQuotaChange(Optional.empty(), Optional.of(1)));
        assertKind(() -> admin.mailboxes().checkAddable(BOB), ErrorKind.OVER_LIMIT);
        assertKind(() -> admin.adminTokens().revoke(ROOT, "nobody"), ErrorKind.NOT_FOUND);
    }

    @Test
    void aliasesAreSetIdempotentlyAndFollowARenamedMailbox() {
        admin.domains().add(ROOT, "example.com");
        admin.mailboxes().add(ROOT, ALICE, NewPassword.hashed(HASH), MailboxQuotaChange.NONE);
        AliasName sales = AliasName.parse("sales@example.com");

        assertThat(admin.aliases().put(ROOT, sales, List.of(ALICE)).outcome()).isEqualTo(Outcome.CREATED);
        assertThat(admin.aliases().put(ROOT, sales, List.of(ALICE)).outcome()).isEqualTo(Outcome.UNCHANGED);
        assertKind(() -> admin.aliases().add(ROOT, sales, List.of(ALICE)), ErrorKind.CONFLICT);
        admin.aliases().add(ROOT, AliasName.catchAll("example.com"), List.of(ALICE));

        admin.mailboxes().rename(ROOT, ALICE, BOB);

        assertThat(admin.aliases().list("example.com")).extracting(a -> a.alias() + "=" + a.targets())
                .containsExactly("@example.com=[bob@example.com]", "sales@example.com=[bob@example.com]");
        assertThat(AdminJson.write(admin.aliases().get(sales)))
                .isEqualTo("{\"alias\":\"sales@example.com\",\"domain\":\"example.com\",\"catchAll\":false,"
                        + "\"targets\":[\"bob@example.com\"]}");
    }

    @Test
    void mailboxesAreFilteredByStateAndFill() {
        admin.domains().add(ROOT, "example.com");
        admin.mailboxes().add(ROOT, ALICE, NewPassword.hashed(HASH), new MailboxQuotaChange(Optional.empty(), Optional.of(1L)));
        admin.mailboxes().add(ROOT, BOB, NewPassword.hashed(HASH), MailboxQuotaChange.NONE);
        store.deliver(List.of(ALICE), org.postbox.mailstore.MessageSource.of("Subject: x\r\n\r\nhello\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        admin.mailboxes().setPop3(ROOT, BOB, false);

        assertThat(admin.mailboxes().list(new MailboxFilter(Optional.empty(), Optional.empty(), OptionalDouble.of(0.8))))
                .extracting(MailboxView::address).containsExactly("alice@example.com");
        assertThat(admin.mailboxes().list(new MailboxFilter(Optional.of("example.com"), Optional.of(MailboxState.POP3_OFF),
                OptionalDouble.empty()))).extracting(MailboxView::address).containsExactly("bob@example.com");
        assertThat(admin.quotas().nearLimit(0.8)).extracting(q -> q.address() + " " + q.fill())
                .containsExactly("alice@example.com 1.0");
        assertKind(() -> admin.mailboxes().list(MailboxFilter.domain("example.org")), ErrorKind.NOT_FOUND);
    }

    @Test
    void anAdminTokenIsShownOnceStoredHashedAndFoundBySecret() {
        NewAdminTokenView created = admin.adminTokens().create(ROOT, "panel", AdminScope.READ);

        assertThat(created.secret()).startsWith("pbx_").hasSize(4 + 43);
        assertThat(created.created()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(store.adminTokens().list()).singleElement()
                .satisfies(token -> assertThat(token.secretHash()).doesNotContain(created.secret().substring(4)));
        assertThat(admin.adminTokens().authenticate(created.secret())).hasValueSatisfying(
                token -> assertThat(token.scope()).isEqualTo(AdminScope.READ));
        assertThat(admin.adminTokens().authenticate(created.secret() + "x")).isEmpty();
        assertThat(admin.adminTokens().authenticate("Bearer")).isEmpty();
        assertThat(AdminJson.write(admin.adminTokens().list()))
                .isEqualTo("[{\"name\":\"panel\",\"scope\":\"read\",\"created\":\"2026-01-02T03:04:05Z\"}]");

        admin.adminTokens().revoke(ROOT, "panel");
        assertThat(admin.adminTokens().authenticate(created.secret())).isEmpty();
        assertThat(audit).extracting(AuditEntry::line).noneMatch(line -> line.contains(created.secret()));
    }

    @Test
    void applyCreatesThenReportsEverythingUnchanged() throws Exception {
        Path file = dir.resolve("provision.csv");
        Files.writeString(file, """
                # domains first, then mailboxes and aliases, in any order
                kind,name,password-hash,targets,storage,messages,mailboxes,suspended,pop3
                domain,example.com,,,10G,,100,,
                mailbox,alice@example.com,"{SHA512-CRYPT}$6$salt,with,commas$x",,1G,,,,no
                mailbox,bob@example.com,{PLAIN}secret,,,,,,
                alias,sales@example.com,,alice@example.com bob@example.com,,,,,
                alias,@example.com,,alice@example.com,,,,,
                """.replace("{SHA512-CRYPT}$6$salt,with,commas$x", HASH));

        ApplyReportView dryRun = admin.provisioning().apply(ROOT, file, true);
        assertThat(dryRun.created()).isEqualTo(5);
        assertThat(store.directory().domains()).isEmpty();
        assertThat(audit).isEmpty();

        ApplyReportView first = admin.provisioning().apply(ROOT, file, false);
        assertThat(first.items()).extracting(i -> i.kind() + " " + i.name() + " " + i.outcome()).containsExactly(
                "domain example.com created", "mailbox alice@example.com created", "mailbox bob@example.com created",
                "alias sales@example.com created", "alias @example.com created");
        assertThat(admin.mailboxes().get(ALICE).pop3()).isFalse();
        assertThat(admin.quotas().domain("example.com").maxMailboxes()).isEqualTo(100);
        assertThat(audit).hasSize(5);

        ApplyReportView again = admin.provisioning().apply(ROOT, file, false);
        assertThat(again.unchanged()).isEqualTo(5);
        assertThat(audit).hasSize(5);
    }

    @Test
    void aBadItemNamesItsLineAndChangesNothing() throws Exception {
        Path file = dir.resolve("provision.json");
        Files.writeString(file, """
                {"domains": [{"name": "example.com"}],
                 "mailboxes": [
                   {"address": "alice@example.com", "passwordHash": "{PLAIN}secret"}],
                 "aliases": [
                   {"alias": "sales@example.com", "targets": ["alice@example.com"]},
                   {"alias": "info@example.com", "targets": ["nobody@example.com"]}]}
                """);

        assertThatThrownBy(() -> admin.provisioning().apply(ROOT, file, false))
                .isInstanceOf(AdminException.class)
                .hasMessageStartingWith(file + ":6: target nobody@example.com is not a mailbox")
                .satisfies(e -> assertThat(ErrorKind.of(e)).isEqualTo(ErrorKind.CONFLICT));
        assertThat(store.directory().domains()).isEmpty();

        Files.writeString(file, "{\"domains\": [{\"name\": \"example.com\", \"colour\": \"red\"}]}\n");
        assertThatThrownBy(() -> admin.provisioning().apply(ROOT, file, false))
                .hasMessage(file + ":1: unknown key \"colour\"; use name, suspended, pop3, quota");
    }

    private static void assertKind(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorKind kind) {
        assertThatThrownBy(call).satisfies(e -> assertThat(ErrorKind.of(e)).as(e.toString()).isEqualTo(kind));
    }
}
