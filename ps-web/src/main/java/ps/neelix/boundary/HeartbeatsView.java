package ps.neelix.boundary;

import java.io.Serializable;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import ps.neelix.control.ConsoleText;
import ps.neelix.entity.MonitorStatus;
import ps.security.entity.User;

/** The Heartbeats page: each monitored service's state, last ping, last run time and next deadline. */
@Named
@ViewScoped
public class HeartbeatsView implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    transient Neelix neelix;

    private List<MonitorStatus> monitors;

    @PostConstruct
    void load() {
        monitors = neelix.monitors();
    }

    public List<MonitorStatus> getMonitors() {
        return monitors;
    }

    public boolean isAdmin() {
        return FacesContext.getCurrentInstance().getExternalContext().isUserInRole(User.ADMIN);
    }

    public void pause(String id) {
        change(id, true);
    }

    public void resume(String id) {
        change(id, false);
    }

    private void change(String id, boolean pause) {
        FacesContext faces = FacesContext.getCurrentInstance();
        if (!isAdmin()) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, "Pausing and resuming need the admin role.", null));
            return;
        }
        if ((pause ? neelix.pause(id) : neelix.resume(id)) == null) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_WARN, "No monitored service '" + id + "'.", null));
        }
        load();
    }

    public void refresh() {
        load();
    }

    public String time(Object epochMillis) {
        return ConsoleText.time(epochMillis);
    }

    public String duration(Object millis) {
        return ConsoleText.duration(millis);
    }
}
