package ps.security.boundary;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import ps.security.entity.TokenCredential;
import ps.security.entity.User;

/**
 * How callers prove who they are. Which resources need a login is declared in web.xml (everything but the
 * login page and static resources; Payara serves /health and /openapi itself).
 * <ul>
 * <li>Any request may carry {@code Authorization: Basic} (name and password) or {@code Bearer} (an API
 * token); wrong credentials get 401.</li>
 * <li>The console's login page logs in through {@link jakarta.security.enterprise.SecurityContext#authenticate};
 * the user's name is then kept in the HTTP session (a new session id is issued at login).</li>
 * <li>Anonymous requests to {@code /api} get 401 with a Basic challenge; anonymous console pages are
 * redirected to the login page, which returns to the page asked for.</li>
 * </ul>
 */
@ApplicationScoped
@DeclareRoles({User.VIEWER, User.ADMIN})
public class PsAuthentication implements HttpAuthenticationMechanism {
    static final String SESSION_USER = "ps.user";
    static final String LOGIN_PAGE = "/login.xhtml";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    Users users;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) throws AuthenticationException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean api = path.equals("/api") || path.startsWith("/api/");

        if (context.isAuthenticationRequest() && context.getAuthParameters().getCredential() != null) {
            return formLogin(request, context, context.getAuthParameters().getCredential());
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && !authorization.isBlank()) {
            Credential credential = credential(authorization);
            CredentialValidationResult result = credential == null ? CredentialValidationResult.INVALID_RESULT
                    : identityStores.validate(credential);
            if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                return context.notifyContainerAboutLogin(result);
            }
            return challenge(response, context);
        }
        if (!api) {
            HttpSession session = request.getSession(false);
            Object name = session == null ? null : session.getAttribute(SESSION_USER);
            if (name instanceof String user) {
                Optional<User> found = users.find(user);
                if (found.isPresent()) {
                    return context.notifyContainerAboutLogin(found.get().getName(), found.get().groups());
                }
                session.invalidate(); // deleted meanwhile
            }
        }
        if (!context.isProtected()) {
            return context.doNothing();
        }
        if (api) {
            return challenge(response, context);
        }
        return redirectToLogin(request, response, context, path);
    }

    private AuthenticationStatus formLogin(HttpServletRequest request, HttpMessageContext context, Credential credential) {
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return AuthenticationStatus.SEND_FAILURE;
        }
        HttpSession session = request.getSession(true);
        request.changeSessionId(); // no session fixation
        session.setAttribute(SESSION_USER, result.getCallerPrincipal().getName());
        return context.notifyContainerAboutLogin(result);
    }

    /** The credential of an Authorization header, or null when it is malformed. */
    static Credential credential(String authorization) {
        String header = authorization.strip();
        int space = header.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = header.substring(0, space);
        String value = header.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return value.isEmpty() ? null : new TokenCredential(value);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon <= 0 ? null : new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static AuthenticationStatus challenge(HttpServletResponse response, HttpMessageContext context) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"PS\", charset=\"UTF-8\"");
        return context.responseUnauthorized();
    }

    private static AuthenticationStatus redirectToLogin(HttpServletRequest request, HttpServletResponse response,
                                                        HttpMessageContext context, String path) {
        String back = path + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        String login = request.getContextPath() + LOGIN_PAGE + "?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8);
        if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
            // an Ajax request of a page whose session ended: JSF's script follows this redirect
            try {
                response.setContentType("text/xml");
                response.setCharacterEncoding("UTF-8");
                response.getWriter().write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                        + login.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;") + "\"/></partial-response>");
                return AuthenticationStatus.SEND_CONTINUE;
            } catch (IOException e) {
                return context.responseUnauthorized();
            }
        }
        return context.redirect(login);
    }
}
