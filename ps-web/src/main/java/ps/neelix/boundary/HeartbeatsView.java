package ps.neelix.boundary;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import ps.neelix.entity.Durations;
import ps.neelix.entity.MonitorStatus;

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
        return FacesContext.getCurrentInstance().getExternalContext().isUserInRole(NeelixResource.ADMIN);
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

    /** ISO-8601 with the server's zone; a dash for none (Object: EL would turn a null Long into 0). */
    public String time(Object epochMillis) {
        return !(epochMillis instanceof Number) ? "—" : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                Instant.ofEpochMilli(((Number) epochMillis).longValue()).atZone(ZoneId.systemDefault())
                        .truncatedTo(ChronoUnit.SECONDS));
    }

    public String duration(Object millis) {
        return !(millis instanceof Number) ? "—" : Durations.format(Duration.ofMillis(((Number) millis).longValue()));
    }
}
