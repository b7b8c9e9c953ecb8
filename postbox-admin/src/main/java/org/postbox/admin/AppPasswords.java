package org.postbox.admin;

import java.util.List;
import org.postbox.admin.view.AppPasswordView;
import org.postbox.admin.view.NewAppPasswordView;
import org.postbox.mailstore.AppPassword;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.password.GeneratedPassword;

/**
 * App passwords: made up here (only their hash is stored), shown once, listed by name, revoked
 * one by one.
 */
public final class AppPasswords {
    private final Directory directory;
    private final AuditLog audit;

    AppPasswords(Directory directory, AuditLog audit) {
        this.directory = directory;
        this.audit = audit;
    }

    /** @throws org.postbox.mailstore.NoSuchMailboxException if it does not exist */
    public List<AppPasswordView> list(MailboxAddress address) {
        return directory.appPasswords(address).stream().map(AppPasswordView::of).toList();
    }

    /**
     * Makes up a new app password; the view is the only place its password is ever shown.
     *
     * @throws org.postbox.mailstore.AlreadyExistsException if the mailbox has one of that name
     * @throws org.postbox.mailstore.QuotaExceededException if it has {@link AppPassword#MAX_PER_MAILBOX}
     */
    public NewAppPasswordView add(Actor actor, MailboxAddress address, String name) {
        AppPassword.checkName(name);
        GeneratedPassword generated = GeneratedPassword.create();
        AppPassword added = directory.addAppPassword(address, name, generated.hash());
        audit.record(new AuditEntry(actor, "app-password.add", address.toString(), List.of("app password " + name)));
        return new NewAppPasswordView(address.toString(), added.name(), generated.password(), added.created().toString());
    }

    /** @throws org.postbox.mailstore.NoSuchAppPasswordException if the mailbox has none of that name */
    public void revoke(Actor actor, MailboxAddress address, String name) {
        directory.revokeAppPassword(address, AppPassword.checkName(name));
        audit.record(new AuditEntry(actor, "app-password.revoke", address.toString(), List.of("app password " + name)));
    }
}
