package ps.herald.boundary;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import ps.client.LogField;
import ps.store.boundary.LogStore;
import ps.store.control.SearchTooSlowException;
import ps.store.entity.LogFilter;

/**
 * Completion for the filters' id fields: the first {@link #SUGGESTIONS} distinct values the store has seen
 * that start with the typed text, one range of an index whether there are ten values or millions. Nothing
 * is kept between calls, so no map grows with what users type.
 */
@ApplicationScoped
public class FilterChoices {
    static final int SUGGESTIONS = 50;

    @Inject
    LogStore store;

    public List<String> complete(LogField field, String typed) {
        String prefix = typed == null ? "" : typed.length() > LogFilter.MAX_TEXT ? typed.substring(0, LogFilter.MAX_TEXT) : typed;
        try {
            return store.values(field, prefix, SUGGESTIONS);
        } catch (SearchTooSlowException e) {
            return List.of();
        }
    }
}
