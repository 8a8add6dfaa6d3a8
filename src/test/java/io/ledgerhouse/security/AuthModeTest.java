package io.ledgerhouse.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which mode a configuration runs in: never local admin by accident, never jwt without a key, never oidc half-set. */
class AuthModeTest {

    /** Configuration facts: a verification key, a sign-in provider, a client id, the embedded trial database. */
    static AuthMode.Configured with(boolean key, boolean provider, boolean client, boolean trial) {
        return new AuthMode.Configured(key, provider, client, trial);
    }

    static final AuthMode.Configured KEY_ONLY = with(true, false, false, false);
    static final AuthMode.Configured SIGN_IN = with(true, true, true, false);
    static final AuthMode.Configured NOTHING = with(false, false, false, false);
    static final AuthMode.Configured TRIAL = with(false, false, false, true);

    @Test
    void anExplicitModeWins() {
        assertThat(AuthMode.resolve("jwt", with(true, false, false, true))).isEqualTo(AuthMode.JWT);
        assertThat(AuthMode.resolve("jwt", SIGN_IN)).as("jwt even with a provider configured")
                .isEqualTo(AuthMode.JWT);
        assertThat(AuthMode.resolve("local-admin", KEY_ONLY)).isEqualTo(AuthMode.LOCAL_ADMIN);
        assertThat(AuthMode.resolve("local-admin", SIGN_IN)).isEqualTo(AuthMode.LOCAL_ADMIN);
        assertThat(AuthMode.resolve(" LOCAL_ADMIN ", NOTHING)).isEqualTo(AuthMode.LOCAL_ADMIN);
        assertThat(AuthMode.resolve("OIDC", SIGN_IN)).isEqualTo(AuthMode.OIDC);
    }

    @Test
    void unsetItIsJwtWhenAKeyIsConfiguredEvenOnTheTrialDatabase() {
        assertThat(AuthMode.resolve(null, with(true, false, false, true))).isEqualTo(AuthMode.JWT);
        assertThat(AuthMode.resolve("", KEY_ONLY)).isEqualTo(AuthMode.JWT);
    }

    @Test
    void unsetItIsOidcWhenASignInProviderIsConfigured() {
        assertThat(AuthMode.resolve(null, SIGN_IN)).isEqualTo(AuthMode.OIDC);
        assertThat(AuthMode.resolve(" ", with(true, true, true, true))).as("also on the trial database")
                .isEqualTo(AuthMode.OIDC);
    }

    @Test
    void unsetItIsLocalAdminOnlyForTheZeroConfigurationTrial() {
        assertThat(AuthMode.resolve(null, TRIAL)).isEqualTo(AuthMode.LOCAL_ADMIN);
        assertThatThrownBy(() -> AuthMode.resolve(null, NOTHING)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ledgerhouse.auth.mode=jwt").hasMessageContaining("ledgerhouse.auth.mode=oidc");
    }

    @Test
    void jwtWithoutAKeyAndUnknownModesAreRefused() {
        assertThatThrownBy(() -> AuthMode.resolve("jwt", TRIAL)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mp.jwt.verify.publickey.location");
        assertThatThrownBy(() -> AuthMode.resolve("open", KEY_ONLY)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jwt, oidc or local-admin");
    }

    @Test
    void oidcWithoutItsProviderClientOrKeyRefusesNamingTheMissingKeys() {
        assertThatThrownBy(() -> AuthMode.resolve("oidc", KEY_ONLY)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("quarkus.oidc.auth-server-url").hasMessageContaining("quarkus.oidc.client-id")
                .hasMessageNotContaining("mp.jwt.verify.publickey.location");
        assertThatThrownBy(() -> AuthMode.resolve("oidc", TRIAL)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("quarkus.oidc.auth-server-url").hasMessageContaining("quarkus.oidc.client-id")
                .hasMessageContaining("mp.jwt.verify.publickey.location");
        // auto-detected from the provider, the same requirements, and the message says why oidc was chosen
        assertThatThrownBy(() -> AuthMode.resolve(null, with(false, true, false, true)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chosen because")
                .hasMessageContaining("quarkus.oidc.client-id").hasMessageContaining("mp.jwt.verify.publickey.location");
    }

    @Test
    void theOidcExtensionIsSwitchedOnExactlyInOidcMode() {
        assertThat(AuthMode.signInEnabled(null, SIGN_IN)).isTrue();
        assertThat(AuthMode.signInEnabled("oidc", SIGN_IN)).isTrue();
        assertThat(AuthMode.signInEnabled("jwt", SIGN_IN)).isFalse();
        assertThat(AuthMode.signInEnabled("local-admin", SIGN_IN)).isFalse();
        assertThat(AuthMode.signInEnabled(null, KEY_ONLY)).isFalse();
        assertThat(AuthMode.signInEnabled("oidc", KEY_ONLY)).as("half-set: off, and startup refuses").isFalse();
        assertThat(AuthMode.signInEnabled(null, NOTHING)).isFalse();
    }

    @Test
    void teamsAreReadFromAnArrayACollectionOrACommaSeparatedString() {
        assertThat(CallerAugmentor.teams(Json.createArrayBuilder().add("growth").add(" ml ").add("").build()))
                .containsExactlyInAnyOrder("growth", "ml");
        assertThat(CallerAugmentor.teams(List.of("a", "b"))).containsExactlyInAnyOrder("a", "b");
        assertThat(CallerAugmentor.teams("a, b")).containsExactlyInAnyOrder("a", "b");
        assertThat(CallerAugmentor.teams(Json.createValue("finance"))).containsExactly("finance");
        assertThat(CallerAugmentor.teams(null)).isEmpty();
    }
}
