package ps.launch;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import fish.payara.micro.boot.PayaraMicroBoot;
import fish.payara.micro.boot.PayaraMicroLauncher;
import fish.payara.micro.boot.loader.ExplodedURLClassloader;

/**
 * Starts Payara Micro with the given arguments, as {@code java -jar payara-micro.jar} would, but ends the
 * process when the start fails. Micro itself logs a failed boot ("Shutting down server due to startup
 * exception") or a failed deployment and returns from main, while its Hazelcast threads (not daemons) keep
 * the JVM running and answering nothing. Here a boot that throws, an application given with
 * {@code --deploy} that is not deployed afterwards, or one whose loading failed ends the JVM with exit code 1 and one line on stderr:
 * {@code ps: start failed: <cause>}. Run from ps.jar, it first lays out what ps-run would ({@link RunnableJar}).
 */
public final class Launcher {
    static final int FAILED = 1;
    static final int USAGE = 2;
    private static final long EXIT_GRACE_MILLIS = 30_000;

    private Launcher() {
    }

    public static void main(String[] arguments) throws Exception {
        String[] args = arguments;
        if (RunnableJar.running()) {
            try {
                args = RunnableJar.prepare(arguments, name -> RunnableJar.setting(name, System.getenv()))
                        .toArray(String[]::new);
            } catch (IllegalArgumentException e) {
                System.err.println("ps: " + e.getMessage());
                System.exit(USAGE);
            }
        } else {
            JvmDefaults.apply(Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent(),
                    System.getProperties());
        }
        StartFailures failures = new StartFailures();
        PayaraMicroBoot boot = boot(option(args, "--rootDir", null));
        boot.setPreBootHandler(commands -> failures.attach());
        try {
            // the same singleton the boot class handed out, configured from the command line as Micro's main does
            boot.getClass().getMethod("create", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            fail(failures.cause(e.getCause(), option(args, "--port", "8080")));
            return;
        }
        if (option(args, "--outputUberJar", null) != null || has(args, "--help")) {
            return;
        }
        List<String> missing = missing(applications(args), boot.getRuntime().getDeployedApplicationNames());
        if (!missing.isEmpty()) {
            fail(String.join(", ", missing) + " did not deploy: " + failures.cause(null, null));
            return;
        }
        if (failures.deploymentFailed()) {
            fail("an application failed to start: " + failures.cause(null, null));
            return;
        }
        failures.detach();
    }

    /**
     * Micro's boot object, its runtime loaded as {@code java -jar payara-micro.jar --rootDir dir} loads it: from
     * the runtime jars unpacked under the root dir. {@link PayaraMicroLauncher#getBootClass()} alone reads
     * every class out of the jars nested in payara-micro.jar instead, which made a third of PS's start-up
     * CPU time (JFR) and which Micro's own help calls "generally slower".
     */
    private static PayaraMicroBoot boot(String rootDir) throws Exception {
        if (rootDir == null) {
            return PayaraMicroLauncher.getBootClass();
        }
        System.setProperty("fish.payara.micro.BootJar",
                PayaraMicroLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI().toString());
        ClassLoader runtime = new ExplodedURLClassloader(new File(rootDir));
        Thread.currentThread().setContextClassLoader(runtime);
        PayaraMicroBoot boot = (PayaraMicroBoot) runtime.loadClass("fish.payara.micro.impl.PayaraMicroImpl")
                .getDeclaredMethod("getInstance").invoke(null);
        PayaraMicroLauncher.registerLaunchedInstance(boot);
        return boot;
    }

    /** Ends the JVM; the shutdown hooks (Payara's own) get a bounded time, then the JVM is halted. */
    private static void fail(String cause) {
        System.err.println("ps: start failed: " + cause);
        System.err.flush();
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(EXIT_GRACE_MILLIS);
            } catch (InterruptedException e) {
                // halt now
            }
            Runtime.getRuntime().halt(FAILED);
        }, "ps-exit-guard");
        halt.setDaemon(true);
        halt.start();
        System.exit(FAILED);
    }

    /** The application names Micro gives the archives named by {@code --deploy}: file names less the extension. */
    static List<String> applications(String[] args) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--deploy")) {
                String file = Path.of(args[i + 1]).getFileName().toString();
                int dot = file.lastIndexOf('.');
                names.add(dot > 0 ? file.substring(0, dot) : file);
            }
        }
        return names;
    }

    static List<String> missing(List<String> expected, Collection<String> deployed) {
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(deployed);
        return missing;
    }

    static String option(String[] args, String name, String otherwise) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return otherwise;
    }

    private static boolean has(String[] args, String name) {
        for (String arg : args) {
            if (arg.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
