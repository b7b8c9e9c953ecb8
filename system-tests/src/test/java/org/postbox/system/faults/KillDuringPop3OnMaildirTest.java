package org.postbox.system.faults;

import org.postbox.system.StoreBackend;

/** {@link KillDuringPop3Tests} on Maildir. */
class KillDuringPop3OnMaildirTest extends KillDuringPop3Tests {
    KillDuringPop3OnMaildirTest() {
        super(StoreBackend.MAILDIR);
    }
}
