package ps.batch.control;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ps.batch.entity.JobDefinition;
import ps.neelix.entity.ServiceDeclaration;

/** The jobs PS knows: their descriptors from {@code PS_CONFIG_DIR/jobs/}, as last read. Safe to read from any thread. */
public final class Catalogue {
    private final JobDescriptors descriptors;
    private volatile Map<String, JobDefinition> definitions = Map.of();
    private volatile List<String> problems = List.of();

    public Catalogue(JobDescriptors descriptors) {
        this.descriptors = descriptors;
    }

    /** Reads the descriptors again; @return the problems found (file: reason), each a descriptor left out */
    public List<String> reload() {
        JobDescriptors.Reading reading = descriptors.read();
        problems = List.copyOf(reading.problems());
        definitions = reading.jobs();
        return problems;
    }

    /** True when a descriptor file was added, changed or removed since the last {@link #reload}. */
    public boolean changed() {
        return descriptors.changed();
    }

    public Path dir() {
        return descriptors.dir();
    }

    public Map<String, JobDefinition> definitions() {
        return definitions;
    }

    /** The job, or null. */
    public JobDefinition definition(String name) {
        return definitions.get(name);
    }

    public List<String> problems() {
        return problems;
    }

    /** True for a known job with a schedule (only those have a monitor in neelix). */
    public boolean scheduled(String name) {
        JobDefinition job = definitions.get(name);
        return job != null && job.scheduled();
    }

    public long scheduledCount() {
        return definitions.values().stream().filter(JobDefinition::scheduled).count();
    }

    /** The next scheduled fire, or null. */
    public ZonedDateTime nextFire(String name) {
        JobDefinition job = definitions.get(name);
        return job == null || !job.scheduled() ? null : job.cron().next(ZonedDateTime.now(job.zone()));
    }

    /**
     * A neelix service per scheduled job: its period the longest gap between two fires (measured over the
     * next few) plus the run's timeout.
     */
    public List<ServiceDeclaration> monitors() {
        List<ServiceDeclaration> services = new ArrayList<>();
        for (JobDefinition job : definitions.values()) {
            if (!job.scheduled()) {
                continue;
            }
            ZonedDateTime at = ZonedDateTime.now(job.zone());
            long longest = 0;
            for (int i = 0; i < 8 && at != null; i++) {
                ZonedDateTime next = job.cron().next(at);
                if (next == null) {
                    break;
                }
                if (i > 0) {
                    longest = Math.max(longest, next.toInstant().toEpochMilli() - at.toInstant().toEpochMilli());
                }
                at = next;
            }
            ServiceDeclaration service = new ServiceDeclaration(job.name(), "jobs/" + job.source())
                    .period(Duration.ofMillis(Math.max(longest, 1000)).plus(job.timeout()))
                    .grace(job.grace())
                    // PS pings at each start and end; records with the job's name could come from anyone
                    .recordsProveLife(false);
            if (!job.mailTo().isEmpty()) {
                service.mailTo(job.mailTo());
            }
            services.add(service);
        }
        return services;
    }
}
