package ps.store.entity;

/**
 * One state machine as the store keeps it (table {@code machine}).
 *
 * @param definition the JSON the run's start record carried (see docs/protocol.md), or null
 * @param since      epoch ms it entered {@code state}, or null
 * @param ended      null while running; "final" after a final state, "transition" or "handler" after an error
 * @param recent     the last steps as a JSON array, oldest first
 */
public record MachineRow(String system, String name, String definition, String state, Long since, long updated,
                         String ended, String recent) {
}
