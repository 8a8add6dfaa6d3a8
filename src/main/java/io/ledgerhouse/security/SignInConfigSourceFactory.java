package io.ledgerhouse.security;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Switches the OIDC extension's default tenant on only in {@code oidc} mode ({@link AuthMode#signInEnabled}): in
 * {@code jwt} and {@code local-admin} mode the extension stays inert (it neither contacts a provider nor answers with
 * a sign-in redirect), whatever else is configured. The decision is made from the same keys {@link AccessControl}
 * reads, so the extension and the mode cannot disagree. Low ordinal: an explicit
 * {@code quarkus.oidc.tenant-enabled} still wins.
 */
public class SignInConfigSourceFactory implements ConfigSourceFactory {

    static final String TENANT_ENABLED = "quarkus.oidc.tenant-enabled";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean enabled = AuthMode.signInEnabled(value(context, "ledgerhouse.auth.mode"), configured(context));
        return List.of(new MapBackedConfigSource("ledgerhouse-sign-in", Map.of(TENANT_ENABLED,
                Boolean.toString(enabled)), 110) {
        });
    }

    /** What is configured; the trial database is not known here, and does not decide whether oidc is on. */
    static AuthMode.Configured configured(ConfigSourceContext context) {
        return new AuthMode.Configured(value(context, "mp.jwt.verify.publickey") != null
                || value(context, AuthMode.VERIFY_KEY) != null, value(context, AuthMode.PROVIDER_KEY) != null,
                value(context, AuthMode.CLIENT_KEY) != null, false);
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(60);
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue v = context.getValue(name);
        return v == null || v.getValue() == null || v.getValue().isBlank() ? null : v.getValue();
    }
}
