package ps.basic.fsm;

/** One explicit transition: in state {@code source}, event {@code event} leads to {@code destination}. */
public record Transition(String source, String event, String destination) {
}
