package org.postbox.cli.transfer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.postbox.migration.MaildirFileName;
import org.postbox.migration.UidlOutcome;
import org.postbox.migration.courier.CourierPop3Listing;
import org.postbox.migration.dovecot.DovecotPop3Uidls;
import org.postbox.migration.dovecot.DovecotUidlist;
import org.postbox.migration.dovecot.MailLocation;
import org.postbox.migration.dovecot.UidlistRecord;

/**
 * A Dovecot 2.3 installation: accounts from passwd-files, each INBOX a Maildir found by a mail
 * location, its UIDLs and order from {@code dovecot-uidlist} as Dovecot's POP3 server worked them
 * out ({@link DovecotPop3Uidls}). Messages the uidlist does not have yet, which Dovecot has never
 * numbered and so no client has seen, come last in the order of their names.
 */
public final class DovecotInstallation implements Installation {

    /** Dovecot's default {@code mail_location}, relative to the mail root. */
    public static final String DEFAULT_MAIL_LOCATION = "%d/%n/Maildir";

    /**
     * What to read.
     *
     * @param passwdFiles   the passwd-files, looked up in order
     * @param mailRoot      where relative mail locations start
     * @param location      the {@code mail_location}, unless an account has its own {@code userdb_mail}
     * @param defaultDomain the domain of user names without one
     * @param uidls         how Dovecot worked out UIDLs ({@code pop3_uidl_format}, {@code pop3_reuse_xuidl})
     */
    public record Settings(List<Path> passwdFiles, Path mailRoot, MailLocation location, Optional<String> defaultDomain,
                           DovecotPop3Uidls uidls) {
        public Settings {
            passwdFiles = List.copyOf(passwdFiles);
            Objects.requireNonNull(mailRoot, "mailRoot");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(defaultDomain, "defaultDomain");
            Objects.requireNonNull(uidls, "uidls");
        }
    }

    private final Settings settings;
    private final AccountList accounts;

    private DovecotInstallation(Settings settings, AccountList accounts) {
        this.settings = settings;
        this.accounts = accounts;
    }

    /**
     * Reads the passwd-files.
     *
     * @throws IOException when one cannot be read at all
     */
    public static DovecotInstallation read(Settings settings) throws IOException {
        AccountList accounts = new AccountList();
        PasswdFileAccounts.read(settings.passwdFiles(), settings.defaultDomain(), settings.location(), settings.mailRoot(),
                accounts);
        return new DovecotInstallation(settings, accounts);
    }

    @Override
    public List<SourceAccount> accounts() {
        return accounts.accounts();
    }

    @Override
    public List<Finding> findings() {
        return accounts.findings();
    }

    /** A message file with its uidlist record, when it has one. */
    private record Listed(Path file, Optional<UidlistRecord> record, UidlOutcome uidl) {
    }

    @Override
    public MailboxListing listing(SourceAccount account) throws IOException {
        String mailbox = account.address().toString();
        List<Finding> findings = new ArrayList<>();
        Map<String, Path> files = MaildirFiles.list(account.maildir());
        Optional<DovecotUidlist> uidlist = Pop3StateFile.read(account.controlDirectory().resolve(DovecotUidlist.FILE_NAME),
                "Dovecot", mailbox, files.isEmpty(), DovecotUidlist::read, DovecotUidlist::problems, findings);
        List<Listed> numbered = new ArrayList<>();
        List<Listed> unnumbered = new ArrayList<>();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            Optional<UidlistRecord> record = uidlist.flatMap(list -> list.record(MaildirFileName.baseName(file.getKey())));
            if (record.isPresent()) {
                UidlOutcome uidl = settings.uidls().uidl(uidlist.get().header(), record.get(), file.getValue());
                numbered.add(new Listed(file.getValue(), record, uidl));
            } else {
                unnumbered.add(new Listed(file.getValue(), Optional.empty(), new UidlOutcome.Unavailable(
                        "Dovecot has not numbered it yet (it is not in " + DovecotUidlist.FILE_NAME + ")")));
            }
        }
        numbered.sort(Comparator.comparing(listed -> listed.record().orElseThrow(), DovecotPop3Uidls.POP3_ORDER));
        unnumbered.sort(Comparator.comparing(listed -> listed.file().getFileName().toString(), CourierPop3Listing.ORDER));
        List<SourceMessage> messages = new ArrayList<>(files.size());
        for (Listed listed : numbered) {
            SourceMessages.of(listed.file(), listed.uidl(), true, findings).ifPresent(messages::add);
        }
        for (Listed listed : unnumbered) {
            SourceMessages.of(listed.file(), listed.uidl(), false, findings).ifPresent(messages::add);
        }
        return new MailboxListing(messages, findings, MaildirQuotaFile.read(account.maildir(), mailbox, findings));
    }
}
