package io.ledgerhouse.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which mode a configuration runs in: never local admin by accident, never jwt without a key. */
class AuthModeTest {

    @Test
    void anExplicitModeWins() {
        assertThat(AuthMode.resolve("jwt", true, true)).isEqualTo(AuthMode.JWT);
        assertThat(AuthMode.resolve("local-admin", true, false)).isEqualTo(AuthMode.LOCAL_ADMIN);
        assertThat(AuthMode.resolve(" LOCAL_ADMIN ", false, false)).isEqualTo(AuthMode.LOCAL_ADMIN);
    }

    @Test
    void unsetItIsJwtWhenAKeyIsConfiguredEvenOnTheTrialDatabase() {
        assertThat(AuthMode.resolve(null, true, true)).isEqualTo(AuthMode.JWT);
        assertThat(AuthMode.resolve("", true, false)).isEqualTo(AuthMode.JWT);
    }

    @Test
    void unsetItIsLocalAdminOnlyForTheZeroConfigurationTrial() {
        assertThat(AuthMode.resolve(null, false, true)).isEqualTo(AuthMode.LOCAL_ADMIN);
        assertThatThrownBy(() -> AuthMode.resolve(null, false, false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ledgerhouse.auth.mode=jwt");
    }

    @Test
    void jwtWithoutAKeyAndUnknownModesAreRefused() {
        assertThatThrownBy(() -> AuthMode.resolve("jwt", false, true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mp.jwt.verify.publickey.location");
        assertThatThrownBy(() -> AuthMode.resolve("open", true, true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jwt or local-admin");
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
