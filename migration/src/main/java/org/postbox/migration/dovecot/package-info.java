/**
 * Dovecot 2.3 installations: the passwd-file ({@link org.postbox.migration.dovecot.DovecotPasswdFile}),
 * mail locations and {@code %} templates ({@link org.postbox.migration.dovecot.MailLocation},
 * {@link org.postbox.migration.dovecot.VariableTemplate}), {@code dovecot-uidlist}
 * ({@link org.postbox.migration.dovecot.DovecotUidlist}) and the POP3 UIDLs and order Dovecot
 * served from them ({@link org.postbox.migration.dovecot.DovecotPop3Uidls}). The tests hold them
 * to what a real Dovecot answered.
 */
package org.postbox.migration.dovecot;
