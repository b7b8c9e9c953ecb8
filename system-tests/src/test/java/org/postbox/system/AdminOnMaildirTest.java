package org.postbox.system;

/** {@link AdminEndToEndTests} on a Maildir tree and passwd-file. */
class AdminOnMaildirTest extends AdminEndToEndTests {
    AdminOnMaildirTest() {
        super(StoreBackend.MAILDIR);
    }
}
