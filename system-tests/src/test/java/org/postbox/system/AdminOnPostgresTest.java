package org.postbox.system;

/** {@link AdminEndToEndTests} on PostgreSQL. */
class AdminOnPostgresTest extends AdminEndToEndTests {
    AdminOnPostgresTest() {
        super(StoreBackend.JPA);
    }
}
