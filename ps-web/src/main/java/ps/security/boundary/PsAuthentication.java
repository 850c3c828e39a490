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

import ps.security.control.LoginThrottle;
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
    /** The user's password stamp at login: a session whose user changed password since ends. */
    static final String SESSION_STAMP = "ps.passwordStamp";
    /** Set on the request when the throttle refused a form login: the seconds to wait. */
    static final String REFUSED_SECONDS = "ps.login.refusedSeconds";
    static final String LOGIN_PAGE = "/login.xhtml";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    Users users;

    @Inject
    LoginGuard guard;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) throws AuthenticationException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean api = path.equals("/api") || path.startsWith("/api/");

        if (context.isAuthenticationRequest() && context.getAuthParameters().getCredential() != null) {
            return formLogin(request, context, context.getAuthParameters().getCredential());
        }
        // an open path needs no login: its credentials are not checked (no PBKDF2 for anyone's guess); the
        // ping servlet (neelix) takes a login as an alternative to a service's token, so it keeps them
        boolean needsCaller = context.isProtected() || path.startsWith("/ping/");
        String authorization = needsCaller ? request.getHeader("Authorization") : null;
        if (authorization != null && !authorization.isBlank()) {
            Credential credential = credential(authorization);
            if (credential == null) {
                return challenge(response, context);
            }
            if (credential instanceof UsernamePasswordCredential password) {
                LoginThrottle.Refusal refusal = guard.check(password.getCaller(), request.getRemoteAddr());
                if (refusal != null) {
                    return tooManyFailures(response, refusal);
                }
            }
            CredentialValidationResult result = validate(credential, request);
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
                if (found.isPresent() && found.get().getPasswordStamp().equals(session.getAttribute(SESSION_STAMP))) {
                    return context.notifyContainerAboutLogin(found.get().getName(), found.get().groups());
                }
                session.invalidate(); // deleted meanwhile, or the password was changed
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
        if (credential instanceof UsernamePasswordCredential password) {
            LoginThrottle.Refusal refusal = guard.check(password.getCaller(), request.getRemoteAddr());
            if (refusal != null) {
                request.setAttribute(REFUSED_SECONDS, seconds(refusal));
                return AuthenticationStatus.SEND_FAILURE;
            }
        }
        CredentialValidationResult result = validate(credential, request);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return AuthenticationStatus.SEND_FAILURE;
        }
        String name = result.getCallerPrincipal().getName();
        HttpSession session = request.getSession(true);
        request.changeSessionId(); // no session fixation
        session.setAttribute(SESSION_USER, name);
        session.setAttribute(SESSION_STAMP, users.find(name).map(User::getPasswordStamp).orElse(""));
        return context.notifyContainerAboutLogin(result);
    }

    /** Checks the credential; a password's outcome counts for the login throttle. */
    private CredentialValidationResult validate(Credential credential, HttpServletRequest request) {
        CredentialValidationResult result = identityStores.validate(credential);
        if (credential instanceof UsernamePasswordCredential password) {
            if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                guard.succeeded(password.getCaller());
            } else {
                guard.failed(password.getCaller(), request.getRemoteAddr());
            }
        }
        return result;
    }

    private static long seconds(LoginThrottle.Refusal refusal) {
        return Math.max(1, (refusal.waitMillis() + 999) / 1000);
    }

    /** 429 with Retry-After: the password was not checked, so the answer costs nothing. */
    private static AuthenticationStatus tooManyFailures(HttpServletResponse response, LoginThrottle.Refusal refusal) {
        long seconds = seconds(refusal);
        try {
            response.setStatus(429);
            response.setHeader("Retry-After", Long.toString(seconds));
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("{\"error\":\"too many failed logins for this " + refusal.what()
                    + ": try again in " + seconds + " s\"}");
            response.flushBuffer();
        } catch (IOException e) {
            // the client is gone
        }
        return AuthenticationStatus.SEND_CONTINUE;
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
