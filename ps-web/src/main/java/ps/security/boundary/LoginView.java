package ps.security.boundary;

import java.io.IOException;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/** The login page's form: checks name and password, then returns to the page the user asked for. */
@Named
@RequestScoped
public class LoginView {
    @Inject
    SecurityContext security;

    private String name;
    private String password;
    private String next;

    public void login() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        AuthenticationStatus status = security.authenticate(
                (HttpServletRequest) external.getRequest(), (HttpServletResponse) external.getResponse(),
                AuthenticationParameters.withParams().newAuthentication(true)
                        .credential(new UsernamePasswordCredential(name == null ? "" : name,
                                new Password(password == null ? "" : password))));
        password = null;
        switch (status) {
            case SUCCESS:
                external.redirect(external.getRequestContextPath() + safeNext(next));
                break;
            case SEND_CONTINUE:
                faces.responseComplete();
                break;
            default:
                Object wait = external.getRequestMap().get(PsAuthentication.REFUSED_SECONDS);
                faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, wait == null ? "Wrong name or password."
                        : "Too many failed logins: try again in " + wait + " s.", null));
        }
    }

    public void logout() throws IOException {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        try {
            request.logout();
        } catch (jakarta.servlet.ServletException e) {
            // the session is gone, which is what counts
        }
        external.redirect(external.getRequestContextPath() + PsAuthentication.LOGIN_PAGE);
    }

    /** Only a path inside PS: never another site ("//host", "https:"), never the login page again. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
                || next.startsWith(PsAuthentication.LOGIN_PAGE) || next.chars().anyMatch(c -> c < 0x20)) {
            return "/";
        }
        return next;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getNext() {
        return next;
    }

    public void setNext(String next) {
        this.next = next;
    }
}
