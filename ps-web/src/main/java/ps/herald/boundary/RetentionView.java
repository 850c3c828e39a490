package ps.herald.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import ps.store.boundary.LogStore;

/** The admin's "delete records older than N days" (the original's clean > 30 days), after a confirmation. */
@Named
@RequestScoped
public class RetentionView {
    @Inject
    LogStore store;

    private Integer days = 30;

    public void delete() {
        FacesContext faces = FacesContext.getCurrentInstance();
        if (!faces.getExternalContext().isUserInRole("admin")) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, "Only an admin may delete records.", null));
            return;
        }
        if (days == null || days < 1 || days > 36_500) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, "Give a number of days, 1 to 36500.", null));
            return;
        }
        long deleted = store.deleteOlderThan(System.currentTimeMillis() - days * 86_400_000L);
        faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO,
                "Deleted " + deleted + " records older than " + days + " days.", null));
    }

    public Integer getDays() {
        return days;
    }

    public void setDays(Integer days) {
        this.days = days;
    }
}
