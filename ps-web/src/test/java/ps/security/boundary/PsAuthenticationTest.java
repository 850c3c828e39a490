package ps.security.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;

import org.junit.jupiter.api.Test;

import ps.security.entity.TokenCredential;

class PsAuthenticationTest {
    static String basic(String text) {
        return "Basic " + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicAndBearerHeadersBecomeCredentials() {
        UsernamePasswordCredential basic = assertInstanceOf(UsernamePasswordCredential.class,
                PsAuthentication.credential(basic("admin:pa:ss wörd")));
        assertEquals("admin", basic.getCaller());
        assertEquals("pa:ss wörd", basic.getPasswordAsString());
        assertEquals("ps_abc", assertInstanceOf(TokenCredential.class, PsAuthentication.credential("bearer  ps_abc ")).token());
    }

    @Test
    void malformedHeadersAreNoCredentials() {
        assertNull(PsAuthentication.credential("Basic"));
        assertNull(PsAuthentication.credential("Basic !!!not-base64"));
        assertNull(PsAuthentication.credential(basic("no-colon")));
        assertNull(PsAuthentication.credential(basic(":password-without-name")));
        assertNull(PsAuthentication.credential("Digest abc"));
        assertNull(PsAuthentication.credential("Bearer "));
    }

    @Test
    void afterLoginOnlyPathsInsidePsAreFollowed() {
        assertEquals("/index.xhtml?system=a&level=ERROR", LoginView.safeNext("/index.xhtml?system=a&level=ERROR"));
        assertEquals("/", LoginView.safeNext(null));
        assertEquals("/", LoginView.safeNext("https://evil.example/"));
        assertEquals("/", LoginView.safeNext("//evil.example/"));
        assertEquals("/", LoginView.safeNext("/\\evil.example"));
        assertEquals("/", LoginView.safeNext("/login.xhtml?next=/x"));
        assertEquals("/", LoginView.safeNext("/x\r\nSet-Cookie: a=b"));
    }
}
