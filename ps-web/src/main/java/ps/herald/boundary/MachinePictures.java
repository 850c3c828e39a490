package ps.herald.boundary;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import ps.basic.fsm.MachineDefinition;
import ps.basic.fsm.Picture;
import ps.herald.control.MachineJson;
import ps.store.entity.MachineRow;

/**
 * The machines' pictures, drawn once per definition and state and kept for the page's polls and the API:
 * at most {@link #KEPT} pictures (least recently used go first).
 */
@ApplicationScoped
public class MachinePictures {
    static final int KEPT = 100;

    private final Map<String, String> pictures = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > KEPT;
        }
    };

    /** The SVG of the machine in its current state, or null when it has sent no (usable) definition. */
    public String svg(MachineRow row) {
        if (row.definition() == null) {
            return null;
        }
        String key = row.system() + '\u0000' + row.name() + '\u0000' + row.state() + '\u0000' + row.definition().hashCode()
                + '\u0000' + row.definition().length();
        synchronized (pictures) {
            String svg = pictures.get(key);
            if (svg != null) {
                return svg;
            }
        }
        MachineDefinition definition = MachineJson.definition(row);
        if (definition == null) {
            return null;
        }
        String svg = Picture.svg(definition, row.state());
        synchronized (pictures) {
            pictures.put(key, svg);
        }
        return svg;
    }
}
