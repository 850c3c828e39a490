package ps.security.boundary;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

import ps.security.entity.TokenCredential;
import ps.security.entity.User;

/**
 * Checks names and passwords, and API tokens, against PS's users table. The container calls the
 * {@code validate} overload matching the credential's class.
 */
@ApplicationScoped
public class PsIdentityStore implements IdentityStore {
    @Inject
    Users users;

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        return result(users.authenticate(credential.getCaller(), credential.getPasswordAsString()));
    }

    public CredentialValidationResult validate(TokenCredential credential) {
        return result(users.authenticateToken(credential.token()));
    }

    private static CredentialValidationResult result(Optional<User> user) {
        return user.map(found -> new CredentialValidationResult(found.getName(), found.groups()))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
