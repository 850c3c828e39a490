package ps.herald.boundary;

import java.net.MalformedURLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import ps.herald.control.MenuItem;
import ps.settings.PsSettings;

/**
 * What every console page shows around its content: the stage (coloured, so nobody mistakes production
 * for testing), the menu, who is logged in. Pages of other components (neelix's heartbeats and rules,
 * jobs) appear in the menu once their page exists.
 */
@Named
@RequestScoped
public class Console {
    private static final String[][] PAGES = {
        {"Logs", "/index.xhtml"},
        {"Live", "/index.xhtml?live=true"},
        {"Dashboard", "/dashboard.xhtml"},
        {"Services", "/services.xhtml"},
        {"Heartbeats", "/neelix/heartbeats.xhtml"},
        {"Rules", "/neelix/rules.xhtml"},
        {"Jobs", "/jobs.xhtml"},
        {"Machines", "/machines.xhtml"},
    };

    @Inject
    PsSettings settings;

    public String getStage() {
        return settings.stage().name();
    }

    public String getUser() {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        return external.getUserPrincipal() == null ? null : external.getUserPrincipal().getName();
    }

    public boolean isAdmin() {
        return FacesContext.getCurrentInstance().getExternalContext().isUserInRole("admin");
    }

    public List<MenuItem> getMenu() {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        String current = external.getRequestServletPath();
        boolean live = "true".equals(external.getRequestParameterMap().get("live"));
        List<MenuItem> items = new ArrayList<>();
        for (String[] page : PAGES) {
            String path = page[1];
            int query = path.indexOf('?');
            String file = query < 0 ? path : path.substring(0, query);
            if (!exists(external, file)) {
                continue;
            }
            boolean active = file.equals(current) && (query < 0 ? !live : live);
            items.add(new MenuItem(page[0], external.getRequestContextPath() + path, active));
        }
        if (isAdmin() && exists(external, "/users.xhtml")) {
            items.add(new MenuItem("Users", external.getRequestContextPath() + "/users.xhtml",
                    "/users.xhtml".equals(current)));
        }
        return items;
    }

    private static boolean exists(ExternalContext external, String file) {
        try {
            return external.getResource(file) != null;
        } catch (MalformedURLException e) {
            return false;
        }
    }
}
