package org.postbox.system.faults;

import org.postbox.system.StoreBackend;

/** {@link KillDuringPop3Tests} on PostgreSQL. */
class KillDuringPop3OnPostgresTest extends KillDuringPop3Tests {
    KillDuringPop3OnPostgresTest() {
        super(StoreBackend.JPA);
    }
}
