package ps.basic.fsm;

import java.util.List;

/**
 * What the picture and PS know of a state: everything but its handler.
 *
 * @param otherwise the default next state's name, or null
 * @param doc       the documentation (the picture's tooltip), or ""
 */
public record StateSpec(String name, boolean initial, boolean isFinal, boolean error, String doc,
                        List<String> recipients, String otherwise) {
    public StateSpec {
        doc = doc == null ? "" : doc;
        recipients = List.copyOf(recipients);
    }
}
