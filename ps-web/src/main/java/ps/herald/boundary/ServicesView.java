package ps.herald.boundary;

import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import ps.herald.control.Service;
import ps.store.boundary.LogStore;

/** The services page: each system seen, its newest record, its versions with first and last time seen. */
@Named
@RequestScoped
public class ServicesView {
    @Inject
    LogStore store;

    private List<Service> services;

    public List<Service> getServices() {
        if (services == null) {
            services = Service.of(store.versions());
        }
        return services;
    }
}
