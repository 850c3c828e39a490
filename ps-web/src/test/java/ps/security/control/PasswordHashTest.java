package ps.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
    @Test
    void aHashVerifiesItsPasswordOnlyAndCarriesSaltAndIterations() {
        String hash = PasswordHash.hash("correct horse");
        String[] parts = hash.split("\\$");
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals(Integer.toString(PasswordHash.ITERATIONS), parts[1]);
        assertTrue(PasswordHash.ITERATIONS >= 210_000);
        assertTrue(PasswordHash.verify("correct horse", hash));
        assertFalse(PasswordHash.verify("correct horse ", hash));
        assertFalse(PasswordHash.verify("", hash));
        assertNotEquals(hash, PasswordHash.hash("correct horse"), "a random salt per hash");
    }

    @Test
    void theUnmatchableHashIsShapedLikeARealOneSoVerifyingAgainstItCostsTheSame() {
        String[] real = PasswordHash.hash("x").split("\\$");
        String[] unmatchable = PasswordHash.UNMATCHABLE.split("\\$");
        assertEquals(real[0], unmatchable[0]);
        assertEquals(real[1], unmatchable[1], "the same iterations");
        assertEquals(16, java.util.Base64.getDecoder().decode(unmatchable[2]).length, "a salt that decodes");
        assertEquals(32, java.util.Base64.getDecoder().decode(unmatchable[3]).length, "a key that decodes");
        assertFalse(PasswordHash.verify("not a password of anyone", PasswordHash.UNMATCHABLE));
        assertFalse(PasswordHash.verify("", PasswordHash.UNMATCHABLE));
    }

    @Test
    void malformedHashesVerifyNothing() {
        assertFalse(PasswordHash.verify("x", "plain"));
        assertFalse(PasswordHash.verify("x", "pbkdf2-sha256$abc$AAAA$AAAA"));
        assertFalse(PasswordHash.verify("x", "md5$1$AAAA$AAAA"));
        assertFalse(PasswordHash.verify(null, PasswordHash.hash("x")));
    }

    @Test
    void tokensAreRandomAndStoredOnlyAsTheirHash() {
        String token = ApiTokens.newToken();
        assertTrue(token.startsWith("ps_") && token.length() > 40, token);
        assertNotEquals(token, ApiTokens.newToken());
        assertEquals(64, ApiTokens.hash(token).length());
        assertEquals(ApiTokens.hash(token), ApiTokens.hash(token));
        assertFalse(ApiTokens.hash(token).contains(token.substring(3, 10)));
    }

    @Test
    void randomPasswordsAreLongAndDiffer() {
        String password = PasswordHash.randomPassword();
        assertEquals(20, password.length());
        assertNotEquals(password, PasswordHash.randomPassword());
    }
}
