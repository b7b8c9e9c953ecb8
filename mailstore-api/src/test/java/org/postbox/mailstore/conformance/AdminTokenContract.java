package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.AdminScope;
import org.postbox.mailstore.AdminToken;
import org.postbox.mailstore.AdminTokens;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.NoSuchAdminTokenException;

/** The admin API's bearer tokens ({@link AdminTokens}), kept with the store and shared by its instances. */
public interface AdminTokenContract extends ConformanceFixture {

    Instant CREATED = Instant.parse("2026-02-03T04:05:06Z");

    static AdminToken token(String name, AdminScope scope, int secret) {
        return new AdminToken(name, scope, String.format("sha256:%064x", secret), CREATED.plusSeconds(secret));
    }

    @Test
    default void aStoreStartsWithoutTokens() {
        assertThat(store().adminTokens().list()).isEmpty();
        assertThat(store().adminTokens().bySecretHash(String.format("sha256:%064x", 1))).isEmpty();
    }

    @Test
    default void tokensAreListedByNameAndFoundByTheHashOfTheirSecret() {
        AdminToken monitoring = token("monitoring", AdminScope.READ, 1);
        AdminToken panel = token("panel", AdminScope.WRITE, 2);
        AdminToken backup = token("Backup-2", AdminScope.READ, 3);

        store().adminTokens().add(monitoring);
        store().adminTokens().add(panel);
        store().adminTokens().add(backup);

        assertThat(store().adminTokens().list()).containsExactly(backup, monitoring, panel);
        assertThat(store().adminTokens().bySecretHash(panel.secretHash())).contains(panel);
        assertThat(store().adminTokens().bySecretHash(String.format("sha256:%064x", 4))).isEmpty();
        assertThat(secondInstance().adminTokens().bySecretHash(monitoring.secretHash())).contains(monitoring);
    }

    @Test
    default void aNameIsTakenOnce() {
        store().adminTokens().add(token("panel", AdminScope.READ, 1));

        assertThatThrownBy(() -> store().adminTokens().add(token("panel", AdminScope.WRITE, 2)))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("panel");
        assertThatThrownBy(() -> secondInstance().adminTokens().add(token("panel", AdminScope.WRITE, 2)))
                .isInstanceOf(AlreadyExistsException.class);

        assertThat(store().adminTokens().list()).containsExactly(token("panel", AdminScope.READ, 1));
        assertThat(store().adminTokens().bySecretHash(token("panel", AdminScope.WRITE, 2).secretHash())).isEmpty();
    }

    @Test
    default void aRevokedTokenIsGoneForEveryInstance() {
        AdminToken panel = token("panel", AdminScope.WRITE, 1);
        AdminToken monitoring = token("monitoring", AdminScope.READ, 2);
        store().adminTokens().add(panel);
        store().adminTokens().add(monitoring);
        assertThat(secondInstance().adminTokens().bySecretHash(panel.secretHash())).contains(panel);

        store().adminTokens().revoke("panel");

        assertThat(store().adminTokens().list()).containsExactly(monitoring);
        assertThat(store().adminTokens().bySecretHash(panel.secretHash())).isEmpty();
        assertThat(secondInstance().adminTokens().bySecretHash(panel.secretHash())).isEmpty();
        assertThatThrownBy(() -> store().adminTokens().revoke("panel")).isInstanceOf(NoSuchAdminTokenException.class);
        assertThatThrownBy(() -> store().adminTokens().revoke("never-was")).isInstanceOf(NoSuchAdminTokenException.class);

        // The name is free again.
        AdminToken again = token("panel", AdminScope.READ, 3);
        store().adminTokens().add(again);
        assertThat(store().adminTokens().bySecretHash(again.secretHash())).contains(again);
    }
}
