package dev.cloakroom.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The token format on its own; {@link ForgedTokenTest} covers it over HTTP. */
class SessionTokensTest {

    private final SessionTokens tokens = new SessionTokens();

    @Test
    void aTokenCarriesItsRowIdAndTheHashOfItsSecret() {
        byte[] secret = tokens.newSecret();
        String token = SessionTokens.token(1234567890123L, secret);
        assertEquals(54, token.length());
        assertTrue(token.matches("[A-Za-z0-9_-]{54}"), token);
        SessionTokens.Presented presented = SessionTokens.parse(token).orElseThrow();
        assertEquals(1234567890123L, presented.sessionId());
        assertArrayEquals(SessionTokens.hash(secret), presented.secretHash());
        assertTrue(presented.matches(SessionTokens.hash(secret)));
    }

    @Test
    void secretsAreNewEveryTime() {
        byte[] first = tokens.newSecret();
        byte[] second = tokens.newSecret();
        assertEquals(32, first.length);
        assertFalse(Arrays.equals(first, second));
        assertNotEquals(SessionTokens.token(7, first), SessionTokens.token(7, second));
    }

    @Test
    void anotherSecretForTheSameRowDoesNotMatch() {
        byte[] secret = tokens.newSecret();
        byte[] other = secret.clone();
        other[31] ^= 1;
        SessionTokens.Presented presented = SessionTokens.parse(SessionTokens.token(7, other)).orElseThrow();
        assertEquals(7, presented.sessionId());
        assertFalse(presented.matches(SessionTokens.hash(secret)));
        assertFalse(presented.matches(null));
    }

    @Test
    void anythingElseIsNoToken() {
        String good = SessionTokens.token(42, tokens.newSecret());
        assertEquals(Optional.empty(), SessionTokens.parse(null));
        assertEquals(Optional.empty(), SessionTokens.parse(""));
        assertEquals(Optional.empty(), SessionTokens.parse("not-a-token"));
        assertEquals(Optional.empty(), SessionTokens.parse(good.substring(1)));
        assertEquals(Optional.empty(), SessionTokens.parse(good + "A"));
        assertEquals(Optional.empty(), SessionTokens.parse(good.substring(0, 53) + "+"), "standard, not URL-safe, alphabet");
        assertEquals(Optional.empty(), SessionTokens.parse(good.substring(0, 53) + "="));
        // a session token of the earlier format: 32 random bytes, 43 characters
        assertEquals(Optional.empty(), SessionTokens.parse(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(tokens.newSecret())));
    }

    @Test
    void rowIdsBelowOneAreNoToken() {
        assertEquals(Optional.empty(), SessionTokens.parse(SessionTokens.token(0, tokens.newSecret())));
        assertEquals(Optional.empty(), SessionTokens.parse(SessionTokens.token(-5, tokens.newSecret())));
    }

    @Test
    void theUnusedBitsOfTheLastCharacterMustBeZero() {
        String good = SessionTokens.token(42, tokens.newSecret());
        // 40 bytes fill 53 characters and 2 bits of the 54th: its other 4 bits are always 0
        char last = good.charAt(53);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char sameBytes = alphabet.charAt(alphabet.indexOf(last) | 1);
        String twin = good.substring(0, 53) + sameBytes;
        assertArrayEquals(Base64.getUrlDecoder().decode(good), Base64.getUrlDecoder().decode(twin));
        assertEquals(Optional.empty(), SessionTokens.parse(twin));
    }
}
