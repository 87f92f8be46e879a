package dev.cloakroom.session;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session tokens: 32 bytes (256 bits) from a CSPRNG, URL-safe base64 without padding (43
 * characters). Only the SHA-256 of the token's text is stored. The generator lives in a bean,
 * not a static field, so a native image never bakes a seeded generator into its heap.
 */
@ApplicationScoped
public class SessionTokens {

    private static final int TOKEN_BYTES = 32;
    private static final int PUBLIC_ID_BYTES = 16;

    private final SecureRandom random = new SecureRandom();
    private final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

    public String newToken() {
        return randomText(TOKEN_BYTES);
    }

    /** 128 random bits as 22 URL-safe characters. */
    public String newPublicId() {
        return randomText(PUBLIC_ID_BYTES);
    }

    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private String randomText(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return encoder.encodeToString(buffer);
    }
}
