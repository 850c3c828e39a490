package ps.security.entity;

import jakarta.security.enterprise.credential.Credential;

/** An API token presented as {@code Authorization: Bearer <token>}. */
public final class TokenCredential implements Credential {
    private final String token;

    public TokenCredential(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
