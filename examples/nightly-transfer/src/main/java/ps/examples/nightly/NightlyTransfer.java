package ps.examples.nightly;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import ps.basic.BasicException;
import ps.basic.PsBasic;
import ps.basic.config.Config;
import ps.basic.fsm.FiniteStateMachine;
import ps.basic.fsm.State;
import ps.basic.mail.Mail;
import ps.basic.shell.ShellResult;

/**
 * A nightly cron script converted to the toolkit: copies the files of a source directory to a target
 * directory, checks them, and mails the admins when it fails. Its config ({@code nightly-transfer_t.cfg}
 * in TESTING) names the directories in section {@code [transfer]}; its templates
 * ({@code nightly-transfer.templates/{de,en}/}) hold the two shell commands and the failure mail. Exit
 * code 0 when the machine ends in {@code done}, 1 when it ends in {@code failed}, the toolkit's codes
 * (75 locked, 78 config) when it cannot start.
 */
public final class NightlyTransfer {
    static final String SERVICE = "nightly-transfer";
    static final String SECTION = "transfer";

    /** What the run carries from state to state. */
    static final class Job {
        Path source;
        Path target;
        String pattern;
        long holdSeconds;
        List<String> files = new ArrayList<>();
        int copied;
        String problem = "";

        @Override
        public String toString() {
            return "source=" + source + " target=" + target + " files=" + files.size() + " copied=" + copied
                    + (problem.isEmpty() ? "" : " problem=" + problem);
        }
    }

    public static void main(String[] args) throws Exception {
        PsBasic basic;
        try {
            basic = PsBasic.builder(SERVICE).configMandatory().lock().start();
        } catch (BasicException e) {
            PsBasic.exitOn(e);
            return;
        }
        int exit;
        try (basic) {
            FiniteStateMachine<Job> fsm = machine(basic);
            Path picture = fsm.writeSvg(basic.workingDir().resolve(SERVICE + ".svg"));
            basic.logger().fine(() -> "picture written to " + picture);
            try {
                State<Job> end = fsm.run(job(basic.config()));
                exit = end.name().equals("done") ? 0 : 1;
            } catch (ps.basic.fsm.TransitionError | ps.basic.fsm.HandlerFailure e) {
                exit = 1; // the machine logged it as ERROR already
            }
            fsm.writeSvg(picture); // the picture with the state the run ended in
        }
        System.exit(exit);
    }

    static Job job(Config config) {
        Job job = new Job();
        job.source = Path.of(config.get(SECTION, "source", "in"));
        job.target = Path.of(config.get(SECTION, "target", "out"));
        job.pattern = config.get(SECTION, "pattern", "*");
        job.holdSeconds = config.getLong(SECTION, "hold_seconds", 0);
        return job;
    }

    static FiniteStateMachine<Job> machine(PsBasic basic) {
        Logger log = basic.logger();
        List<String> admins = basic.config().getList(SECTION, "mail_to");
        FiniteStateMachine<Job> fsm = new FiniteStateMachine<>(SERVICE);

        State<Job> check = fsm.state("check", (state, job) -> {
            if (!Files.isDirectory(job.source)) {
                job.problem = "source directory " + job.source + " is missing";
                return "missing";
            }
            Files.createDirectories(job.target);
            return "ok";
        }).asInitial().doc("Checks that the source directory exists and creates the target directory.");

        State<Job> list = fsm.state("list", (state, job) -> {
            ShellResult found = basic.shell().run(basic.templates().command("list",
                    Map.of("source", job.source.toString(), "pattern", job.pattern)));
            if (!found.ok()) {
                job.problem = "listing failed: " + String.join(" ", found.stderr());
                return "failed";
            }
            job.files = found.stdout().stream().sorted().toList();
            log.info(() -> job.files.size() + " files to transfer from " + job.source);
            return job.files.isEmpty() ? "empty" : "found";
        }).doc("Lists the source directory's files matching the pattern (shell call 1: find).");

        State<Job> copy = fsm.state("copy", (state, job) -> {
            for (String file : job.files) {
                ShellResult copied = basic.shell().run(basic.templates().command("copy",
                        Map.of("file", file, "target", job.target.toString())));
                if (!copied.ok()) {
                    job.problem = "copying " + file + " failed: " + String.join(" ", copied.stderr());
                    return "failed";
                }
                job.copied++;
            }
            return "ok";
        }).doc("Copies each file to the target directory, keeping its time stamps (shell call 2: cp).");

        State<Job> verify = fsm.state("verify", (state, job) -> {
            for (String file : job.files) {
                Path source = Path.of(file);
                Path copied = job.target.resolve(source.getFileName());
                if (!Files.exists(copied) || Files.mismatch(source, copied) != -1) {
                    job.problem = copied + " differs from " + source;
                    return "mismatch";
                }
            }
            return "ok";
        }).doc("Compares every copy with its original, byte by byte.");

        State<Job> report = fsm.state("report", (state, job) -> {
            log.info(() -> "transferred " + job.copied + " files to " + job.target);
            if (job.holdSeconds > 0) {
                Thread.sleep(job.holdSeconds * 1000); // the lock's system test keeps a run going
            }
            return "done";
        }).doc("Logs what was transferred.");

        State<Job> done = fsm.state("done", (state, job) -> "end").asFinal().doc("The transfer is complete.");

        State<Job> failed = fsm.state("failed", (state, job) -> {
            log.severe(() -> "transfer failed: " + job.problem);
            return "end";
        }).asError().asFinal().mailTo(admins.toArray(String[]::new))
                .doc("Something went wrong: the admins get a mail with the local log attached.");

        check.on("ok", list).on("missing", failed);
        list.on("found", copy).on("empty", report).otherwise(failed);
        copy.on("ok", verify).otherwise(failed);
        verify.on("ok", report).otherwise(failed);
        report.on("done", done);

        fsm.errorMail((machine, state, recipients, trace, context) -> {
            Map<String, String> values = Map.of("service", SERVICE, "state", state, "stage", basic.stage().name(),
                    "events", String.join(" → ", trace), "context", context);
            basic.sendMail(Mail.of(recipients, basic.templates().fill("failure_subject", values).strip(),
                    basic.templates().fill("failure_text", values)).attach(basic.localLog()));
        });
        return fsm;
    }
}
