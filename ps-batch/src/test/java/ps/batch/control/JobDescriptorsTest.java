package ps.batch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ps.batch.entity.JobDefinition;
import ps.client.Stage;

class JobDescriptorsTest {
    @TempDir
    Path config;

    @Test
    void aFullDescriptor() {
        JobDefinition job = new JobDescriptors(config, Stage.PRODUCTION).parse("nightly-backup", String.join("\n",
                "template: backup.sh",
                "parameters: {target: /backup, keep: 7}",
                "cron: {PRODUCTION: '30 2 * * *', DEVELOPMENT: 'off'}",
                "zone: Europe/Berlin",
                "timeout: 2h",
                "retries: 2",
                "retry_delay: 10m",
                "overlap: queue",
                "min_duration: 30s",
                "catch_up: true",
                "mail_to: ops@example.com, dev@example.com",
                "grace: 15m"), "nightly-backup.yaml");
        assertEquals("script", job.batchJob());
        assertEquals("backup.sh", job.template());
        assertEquals("7", job.parameters().get("keep"));
        assertEquals("30 2 * * *", job.cron().toString());
        assertEquals(Duration.ofHours(2), job.timeout());
        assertEquals(2, job.retries());
        assertEquals(JobDefinition.Overlap.QUEUE, job.overlap());
        assertTrue(job.catchUp());
        assertEquals(List.of("ops@example.com", "dev@example.com"), job.mailTo());
    }

    @Test
    void perStageScheduleOffAndDefaults() {
        JobDefinition job = new JobDescriptors(config, Stage.DEVELOPMENT).parse("x",
                "cron: {PRODUCTION: '30 2 * * *', DEVELOPMENT: 'off'}", "x.yaml");
        assertNull(job.cron());
        assertEquals("x.sh", job.template());
        assertEquals(JobDefinition.Overlap.SKIP, job.overlap());
        assertEquals(Duration.ofHours(1), job.timeout());
    }

    @Test
    void mistakesAreNamed() {
        JobDescriptors descriptors = new JobDescriptors(config, Stage.TESTING);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> descriptors.parse("x", "shedule: '* * * * *'", "x.yaml"))
                .getMessage().contains("unknown key 'shedule'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> descriptors.parse("x", "overlap: maybe", "x.yaml"))
                .getMessage().contains("skip or queue"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> descriptors.parse("x", "template: ../../etc/passwd", "x.yaml"))
                .getMessage().contains("under the jobs directory"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> descriptors.parse("x", "zone: Mars/Base", "x.yaml"))
                .getMessage().contains("time zone"));
    }

    @Test
    void aBadFileIsReportedAndTheOthersLoad() throws Exception {
        Path jobs = Files.createDirectories(config.resolve("jobs"));
        Files.writeString(jobs.resolve("good.yaml"), "timeout: 5m\n");
        Files.writeString(jobs.resolve("good.sh"), "echo hi\n");
        Files.writeString(jobs.resolve("bad.yaml"), "cron: 'every day'\n");
        JobDescriptors descriptors = new JobDescriptors(config, Stage.TESTING);
        assertTrue(descriptors.changed());
        JobDescriptors.Reading reading = descriptors.read();
        assertEquals(List.of("good"), List.copyOf(reading.jobs().keySet()));
        assertEquals(1, reading.problems().size());
        assertTrue(reading.problems().get(0).startsWith("bad.yaml: "));
        assertFalse(descriptors.changed());
        Files.delete(jobs.resolve("good.sh"));
        JobDescriptors.Reading again = descriptors.read();
        assertEquals(List.of("good"), List.copyOf(again.jobs().keySet()), "a missing template is reported, the job stays");
        assertTrue(again.problems().stream().anyMatch(problem -> problem.contains("template good.sh is missing")));
    }
}
