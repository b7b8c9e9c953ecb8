package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.postbox.mailstore.AdminToken;
import org.postbox.mailstore.AdminTokens;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.NoSuchAdminTokenException;
import org.postbox.mailstore.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's tokens ({@link AdminTokenEntries}) in {@code <passwd-file>.admin-tokens}, mode
 * 0600 whatever the passwd-file's mode: only hashes are stored, but nobody except the daemon's user
 * needs to read even those. The file follows the passwd-file's rules: cached by stamp for the
 * look-up of every API request ({@link ParsedFileCache}), changed only under the passwd-file's
 * writer lock (the CLI adds tokens while a daemon runs), replaced whole and atomically.
 */
final class MaildirAdminTokens implements AdminTokens {

    private static final Logger LOG = LoggerFactory.getLogger(MaildirAdminTokens.class);

    static final String SUFFIX = ".admin-tokens";

    private final PasswdFile passwd;
    private final Path file;
    private final CredentialFileWriter writer;
    private final ParsedFileCache<AdminTokenEntries> cache;

    MaildirAdminTokens(PasswdFile passwd, Durability durability) {
        this.passwd = passwd;
        this.file = passwd.path().resolveSibling(passwd.path().getFileName() + SUFFIX);
        this.writer = new CredentialFileWriter(durability);
        this.cache = new ParsedFileCache<>(file, AdminTokenEntries::parse, AdminTokenEntries.EMPTY);
    }

    @Override
    public void add(AdminToken token) {
        change(before -> {
            if (before.named(token.name()).isPresent()) {
                throw new AlreadyExistsException("an admin token named '" + token.name() + "' exists");
            }
            return before.with(token);
        });
        LOG.info("admin token '{}' ({}) added", token.name(), token.scope());
    }

    @Override
    public List<AdminToken> list() {
        return read().tokens();
    }

    @Override
    public Optional<AdminToken> bySecretHash(String secretHash) {
        return read().bySecretHash(secretHash);
    }

    @Override
    public void revoke(String name) {
        change(before -> {
            if (before.named(name).isEmpty()) {
                throw new NoSuchAdminTokenException("no admin token named '" + name + "'");
            }
            return before.without(name);
        });
        LOG.info("admin token '{}' revoked", name);
    }

    private AdminTokenEntries read() {
        try {
            return cache.read();
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot read the admin tokens " + file + ": " + e.getMessage(), e);
        }
    }

    private void change(UnaryOperator<AdminTokenEntries> change) {
        passwd.update(entries -> {
            try {
                AdminTokenEntries before = cache.readFromDisk();
                AdminTokenEntries after = change.apply(before);
                if (!after.equals(before)) {
                    writer.replaceOwnerOnly(file, after.render(), passwd.path());
                }
            } catch (IOException e) {
                throw new StoreUnavailableException("cannot update the admin tokens " + file + ": " + e.getMessage(), e);
            } finally {
                cache.invalidate();
            }
            return entries;
        });
    }
}
