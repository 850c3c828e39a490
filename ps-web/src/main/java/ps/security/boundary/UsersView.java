package ps.security.boundary;

import java.io.Serializable;
import java.util.List;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import ps.security.entity.User;

/** The admins' users page (web.xml lets only admins open it): users, new users, API tokens. */
@Named
@ViewScoped
public class UsersView implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    transient Users users;

    private String name;
    private String role = User.VIEWER;
    private String password;
    private String tokenLabel;
    private String newToken;
    /** Read once per view and again after a change: the table evaluates its value several times a request. */
    private transient List<User> list;

    public List<User> getUsers() {
        if (list == null) {
            list = users.list();
        }
        return list;
    }

    public void create() {
        try {
            users.create(name, role, password);
            list = null;
            message(FacesMessage.SEVERITY_INFO, "Created user " + name + ".");
            name = null;
            password = null;
        } catch (IllegalArgumentException e) {
            message(FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
    }

    public void delete(String user) {
        list = null; // also when another admin deleted the user first
        try {
            if (users.delete(user)) {
                message(FacesMessage.SEVERITY_INFO, "Deleted user " + user + ".");
            }
        } catch (IllegalArgumentException e) {
            message(FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
    }

    public void createToken(String user) {
        try {
            newToken = users.createToken(user, tokenLabel);
            message(FacesMessage.SEVERITY_INFO, "API token for " + user + " (shown only now): " + newToken);
        } catch (IllegalArgumentException e) {
            message(FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
    }

    private static void message(FacesMessage.Severity severity, String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(severity, text, null));
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getRole() { return role; }
    public void setRole(String role) { this.role = role; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getTokenLabel() { return tokenLabel; }
    public void setTokenLabel(String tokenLabel) { this.tokenLabel = tokenLabel; }
    public String getNewToken() { return newToken; }
}
