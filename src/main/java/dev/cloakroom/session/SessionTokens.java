package dev.cloakroom.session;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Session tokens. A token is 40 bytes in URL-safe base64 without padding (54 characters): the
 * session's row id (8 bytes, big-endian), then a 32-byte (256-bit) secret from a CSPRNG. Only
 * the SHA-256 of the secret is stored.
 *
 * <p>The id in front lets a request find its row by primary key, and the stored hash is then
 * compared in constant time. A lookup by the hash itself would need a unique index over random
 * values, and such an index costs a random page read for every insert, lookup and delete once
 * the table outgrows the buffer pool, the pruner's deletes included. The id tells its holder
 * roughly how many sessions were opened before theirs, nothing more.
 *
 * <p>The generator lives in a bean, not a static field, so a native image never bakes a seeded
 * generator into its heap.
 */
@ApplicationScoped
public class SessionTokens {

    static final int ID_BYTES = Long.BYTES;
    static final int SECRET_BYTES = 32;
    static final int TOKEN_CHARS = 54;
    private static final int PUBLIC_ID_BYTES = 16;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** A token as a request presented it: the row it names and the hash of its secret. */
    public record Presented(long sessionId, byte[] secretHash) {

        /** Whether a stored hash is this token's, in time independent of where they differ. */
        public boolean matches(byte[] storedHash) {
            return sameHash(storedHash, secretHash);
        }
    }

    private final SecureRandom random = new SecureRandom();

    /** Whether two token hashes are equal, in time independent of where they differ. */
    public static boolean sameHash(byte[] stored, byte[] presented) {
        return stored != null && presented != null && MessageDigest.isEqual(stored, presented);
    }

    /** A new secret for a session about to be stored; its hash goes into the row. */
    public byte[] newSecret() {
        return randomBytes(SECRET_BYTES);
    }

    /** The token of a stored session, given the secret it was stored with. */
    public static String token(long sessionId, byte[] secret) {
        return ENCODER.encodeToString(ByteBuffer.allocate(ID_BYTES + SECRET_BYTES)
                .putLong(sessionId).put(secret).array());
    }

    /** What a presented token names; empty for anything that cannot be one of our tokens. */
    public static Optional<Presented> parse(String token) {
        if (token == null || token.length() != TOKEN_CHARS) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!ENCODER.encodeToString(bytes).equals(token)) {
            return Optional.empty(); // the unused low bits of the last character were not zero
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long id = buffer.getLong();
        if (id <= 0) {
            return Optional.empty();
        }
        byte[] secret = new byte[SECRET_BYTES];
        buffer.get(secret);
        return Optional.of(new Presented(id, hash(secret)));
    }

    /** 128 random bits as 22 URL-safe characters. */
    public String newPublicId() {
        return ENCODER.encodeToString(randomBytes(PUBLIC_ID_BYTES));
    }

    public static byte[] hash(byte[] secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
