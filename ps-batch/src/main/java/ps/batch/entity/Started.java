package ps.batch.entity;

/**
 * What a start request did.
 *
 * @param executionId the new run's id; null when the run was skipped or queued
 * @param outcome     started, skipped or queued
 */
public record Started(Long executionId, String outcome) {
}
