package ps.neelix.entity;

import ps.client.LogEntry;

/** A record another node stored and left for the lease's holder to evaluate ({@code neelix_record_inbox}). */
public record ForwardedRecord(long id, LogEntry entry) {
}
