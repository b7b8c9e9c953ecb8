package org.postbox.cli.transfer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.migration.UidlOutcome;
import org.postbox.migration.XUidlHeader;
import org.postbox.migration.courier.CourierAccount;
import org.postbox.migration.courier.CourierPop3Listing;
import org.postbox.migration.courier.CourierSizeList;
import org.postbox.migration.courier.CourierUserdb;
import org.postbox.migration.dovecot.MailLocation;
import org.postbox.migration.dovecot.MailUser;
import org.postbox.migration.dovecot.MaildirLocation;

/**
 * A Courier installation: accounts from a userdb (or a Dovecot-style passwd-file), each Maildir
 * found by a mail location as for Dovecot ({@code %h} being the userdb's {@code home}), its UIDLs
 * and order as Courier's POP3 server lists them from {@code courierpop3dsizelist}
 * ({@link CourierPop3Listing}), and its limits from the userdb's {@code quota} or else from the
 * Maildir++ {@code maildirsize}, which is where Courier's deliveries read them.
 */
public final class CourierInstallation implements Installation {

    /**
     * What to read.
     *
     * @param userdb        the userdb file or directory; empty to read {@code passwdFiles}
     * @param passwdFiles   Dovecot-style passwd-files, when there is no userdb
     * @param mailRoot      where relative mail locations start
     * @param location      where each Maildir is
     * @param defaultDomain the domain of account names without one
     * @param xUidl         whether a message's {@code X-UIDL:} header is its UIDL, when it has one
     */
    public record Settings(Optional<Path> userdb, List<Path> passwdFiles, Path mailRoot, MailLocation location,
                           Optional<String> defaultDomain, boolean xUidl) {
        public Settings {
            Objects.requireNonNull(userdb, "userdb");
            passwdFiles = List.copyOf(passwdFiles);
            Objects.requireNonNull(mailRoot, "mailRoot");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(defaultDomain, "defaultDomain");
        }
    }

    private final Settings settings;
    private final AccountList accounts;

    private CourierInstallation(Settings settings, AccountList accounts) {
        this.settings = settings;
        this.accounts = accounts;
    }

    /**
     * Reads the userdb or the passwd-files.
     *
     * @throws IOException when a file cannot be read at all
     */
    public static CourierInstallation read(Settings settings) throws IOException {
        AccountList accounts = new AccountList();
        if (settings.userdb().isPresent()) {
            CourierUserdb userdb = CourierUserdb.read(settings.userdb().get(), settings.defaultDomain());
            userdb.problems().forEach(accounts::problem);
            for (CourierAccount account : userdb.accounts()) {
                String origin = account.file() + ":" + account.line();
                MailUser user = new MailUser(account.address().toString(), account.home(), account.field("uid"),
                        account.field("gid"));
                MaildirLocation maildir;
                try {
                    maildir = settings.location().resolve(user, Optional.of(settings.mailRoot()));
                } catch (IllegalArgumentException e) {
                    accounts.notImported(origin, account.address() + " is not imported: its mail location cannot be used: "
                            + e.getMessage());
                    continue;
                }
                accounts.add(new SourceAccount(account.address(), origin, account.password(), false, account.quota(),
                        maildir.maildir(), maildir.controlDirectory()));
            }
        } else {
            PasswdFileAccounts.read(settings.passwdFiles(), settings.defaultDomain(), settings.location(),
                    settings.mailRoot(), accounts);
        }
        return new CourierInstallation(settings, accounts);
    }

    @Override
    public List<SourceAccount> accounts() {
        return accounts.accounts();
    }

    @Override
    public List<Finding> findings() {
        return accounts.findings();
    }

    @Override
    public MailboxListing listing(SourceAccount account) throws IOException {
        String mailbox = account.address().toString();
        List<Finding> findings = new ArrayList<>();
        Map<String, Path> files = MaildirFiles.list(account.maildir());
        Optional<CourierSizeList> sizeList = Pop3StateFile.read(account.maildir().resolve(CourierSizeList.FILE_NAME),
                "Courier", mailbox, files.isEmpty(), CourierSizeList::read, CourierSizeList::problems, findings);
        List<SourceMessage> messages = new ArrayList<>(files.size());
        for (CourierPop3Listing.Message message : CourierPop3Listing.list(sizeList, files.keySet())) {
            Path file = files.get(message.fileName());
            UidlOutcome uidl = message.uidl();
            boolean listed = message.listed();
            if (settings.xUidl()) {
                Optional<UidlOutcome> header = xUidl(file, findings);
                if (header.isPresent()) {
                    uidl = header.get();
                    listed = true;
                }
            }
            SourceMessages.of(file, uidl, listed, findings).ifPresent(messages::add);
        }
        Optional<MailboxQuota> quota = MaildirQuotaFile.read(account.maildir(), mailbox, findings);
        return new MailboxListing(messages, findings, quota);
    }

    private static Optional<UidlOutcome> xUidl(Path file, List<Finding> findings) {
        try {
            return XUidlHeader.read(file);
        } catch (IOException e) {
            findings.add(new Finding(Finding.Kind.WARNING, file.toString(), "cannot read its X-UIDL header: "
                    + e.getMessage()));
            return Optional.empty();
        }
    }
}
