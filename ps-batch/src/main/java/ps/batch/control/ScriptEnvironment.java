package ps.batch.control;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The whole environment a job's script runs with: a minimal base taken from the server's environment
 * (PATH, HOME, locale, time zone, user, temp dir), the variables the job's descriptor names ({@code env:}),
 * PS's own ({@code PS_JOB}, {@code PS_RUN_ID}, {@code PS_STAGE}) and one {@code PS_PARAM_<NAME>} per
 * parameter. Nothing else of the server's environment — no {@code PS_ADMIN_PASSWORD}, SMTP password or
 * token — reaches a script unless its descriptor names it.
 */
public final class ScriptEnvironment {
    /** Taken over from the server when set. */
    static final List<String> BASE = List.of("PATH", "HOME", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES",
            "TZ", "USER", "LOGNAME", "SHELL", "TMPDIR");
    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    /** A parameter's name: it names an environment variable too. */
    public static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private ScriptEnvironment() {
    }

    /** The environment variable that carries a parameter. */
    public static String variable(String parameter) {
        return "PS_PARAM_" + parameter.toUpperCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the first parameter whose name is no identifier, or two that
     *                                  differ only in case (they would share one variable)
     */
    public static void checkNames(Collection<String> parameters) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String name : parameters) {
            if (!PARAMETER_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("parameter '" + name + "': a parameter name has letters, digits and _"
                        + " and does not start with a digit (at most 64)");
            }
            String other = seen.put(variable(name), name);
            if (other != null) {
                throw new IllegalArgumentException("parameters '" + other + "' and '" + name + "' differ only in case");
            }
        }
    }

    /**
     * @param server     the server's environment
     * @param passed     names the descriptor lets through from the server's environment
     * @param own        PS_JOB, PS_RUN_ID, PS_STAGE
     * @param parameters the run's parameters by name
     */
    public static Map<String, String> of(Map<String, String> server, Collection<String> passed, Map<String, String> own,
                                         Map<String, String> parameters) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String name : BASE) {
            if (server.get(name) != null) {
                environment.put(name, server.get(name));
            }
        }
        environment.putIfAbsent("PATH", DEFAULT_PATH);
        for (String name : passed) {
            if (server.get(name) != null) {
                environment.put(name, server.get(name));
            }
        }
        environment.putAll(own);
        parameters.forEach((name, value) -> environment.put(variable(name), value));
        return environment;
    }
}
