package ps.batch.entity;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a batch timer is for: the info of each timer the scheduler creates. */
public sealed interface JobTimer extends Serializable {
    String job();

    /** A fire of the job's cron schedule. */
    record Cron(String job) implements JobTimer {
    }

    /** The one start of a fire missed while PS was down ({@code catch_up}); {@code dueAt} epoch ms. */
    record CatchUp(String job, long dueAt) implements JobTimer {
    }

    /** Another attempt of a failed run, with that run's parameters (in their order). */
    record Retry(String job, int attempt, Map<String, String> parameters) implements JobTimer {
        public Retry {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }
}
