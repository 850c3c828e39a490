package ps.herald.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ps.store.entity.ServiceVersion;

/** A system seen in the log: its newest record's time and its versions (getters for EL). */
public final class Service {
    private final String system;
    private final List<Version> versions = new ArrayList<>();
    private long newest;

    Service(String system) {
        this.system = system;
    }

    /** Groups the store's versions by system, keeping the store's order (newest version first). */
    public static List<Service> of(List<ServiceVersion> versions) {
        Map<String, Service> services = new LinkedHashMap<>();
        for (ServiceVersion version : versions) {
            Service service = services.computeIfAbsent(version.system(), Service::new);
            service.versions.add(new Version(version));
            service.newest = Math.max(service.newest, version.lastSeen());
        }
        return new ArrayList<>(services.values());
    }

    public String getSystem() {
        return system.isEmpty() ? "(none)" : system;
    }

    public String getSystemId() {
        return system;
    }

    public String getNewest() {
        return Instant.ofEpochMilli(newest).toString();
    }

    public long getNewestMillis() {
        return newest;
    }

    public List<Version> getVersions() {
        return versions;
    }

    /** One version of a system. */
    public static final class Version {
        private final ServiceVersion version;

        Version(ServiceVersion version) {
            this.version = version;
        }

        public String getVersion() {
            return version.version().isEmpty() ? "(none)" : version.version();
        }

        public String getVersionId() {
            return version.version();
        }

        public String getFirstSeen() {
            return Instant.ofEpochMilli(version.firstSeen()).toString();
        }

        public String getLastSeen() {
            return Instant.ofEpochMilli(version.lastSeen()).toString();
        }

        public long getRecords() {
            return version.records();
        }
    }
}
