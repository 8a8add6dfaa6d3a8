package io.ledgerhouse.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The key pair that signs the jwt-mode tests' tokens, made when the tests start (no private key is committed). Its
 * public half is written to a temporary PEM file, which {@link JwtProfile} configures as
 * {@code mp.jwt.verify.publickey.location}, as a deployment configures its own. The files' directory is kept in a
 * system property, so the profile (read while Quarkus is built) and the tests see the same pair whichever class
 * loader loads them.
 */
final class TestSigningKey {

    private static final String DIRECTORY = "ledgerhouse.test.jwt-key-dir";

    private TestSigningKey() {
    }

    /** The public key's PEM file, made (with its private key) the first time anyone asks. */
    static synchronized Path publicKeyFile() {
        return directory().resolve("verify.pem");
    }

    /** The private key that signs the tests' tokens. */
    static PrivateKey privateKey() {
        try {
            String pem = Files.readString(directory().resolve("sign.pem"), StandardCharsets.US_ASCII);
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized Path directory() {
        String existing = System.getProperty(DIRECTORY);
        if (existing != null) {
            return Path.of(existing);
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair pair = g.generateKeyPair();
            Path dir = Files.createTempDirectory("ledgerhouse-test-jwt");
            Files.writeString(dir.resolve("verify.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(dir.resolve("sign.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            dir.resolve("verify.pem").toFile().deleteOnExit();
            dir.resolve("sign.pem").toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            System.setProperty(DIRECTORY, dir.toString());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
