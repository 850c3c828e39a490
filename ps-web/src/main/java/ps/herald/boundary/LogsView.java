package ps.herald.boundary;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.primefaces.PrimeFaces;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

import ps.client.Level;
import ps.client.LogField;
import ps.herald.control.FilterParameters;
import ps.herald.control.LogLine;
import ps.store.boundary.LogStore;
import ps.store.control.LogQuery;
import ps.store.control.SearchTooSlowException;
import ps.store.entity.LogFilter;
import ps.store.entity.LogRow;

/**
 * The log page. Its filter lives in the URL (view parameters, kept by "includeViewParams" on every
 * redirect), so a filtered page can be bookmarked and shared, and in this user's own view: nothing of it
 * is shared between users. The table is lazy: the store answers one page at a time, and counts matching
 * records only up to {@link #COUNT_CAP}.
 */
@Named
@ViewScoped
public class LogsView implements Serializable {
    private static final long serialVersionUID = 1L;
    static final long COUNT_CAP = 10_000;
    /**
     * A selective filter may need millions of rows looked at to count a few: stop counting after this
     * (the page then says "many"), so that page and count stay under 100 ms.
     */
    static final long COUNT_BUDGET_MILLIS = 50;
    static final long POLL_BUDGET_MILLIS = 300;
    static final List<String> RANGES = List.of("15m", "1h", "24h", "7d");
    /** The table's sortable columns (their {@code field}) and the store's sort keys. */
    static final Map<String, LogFilter.Sort> SORT_FIELDS = Map.of(
            "created", LogFilter.Sort.TIME, "level", LogFilter.Sort.LEVEL, "system", LogFilter.Sort.SYSTEM);

    @Inject
    transient LogStore store;

    @Inject
    transient FilterChoices choices;

    // view parameters (the URL's filter)
    private String system;
    private String subSystem;
    private String subSubSystem;
    private String product;
    private String spec1;
    private String spec2;
    private String version;
    private String stage;
    private String text;
    private String contains;
    private String range;
    private String from;
    private String to;
    private String level;
    private String order;
    private String sort;
    private Integer size;
    private boolean live;

    private boolean valid = true;
    private boolean uncounted;
    private String searchStopped;
    /** Where a substring scan stopped short of the range (epoch ms), null when the page is complete. */
    private Long searchedTo;
    private boolean searchedAscending;
    private long newestShown = -1;
    private final LazyDataModel<LogLine> records = new Records();

    /** Called once the view parameters are set: checks them, with a message for each one that is wrong. */
    public void load() {
        valid = true;
        filter();
    }

    /** The filter of the current parameters; null when one of them is wrong (a message says which). */
    LogFilter filter() {
        LogFilter filter = new LogFilter();
        try {
            filter.equal(LogField.SYSTEM_ID, system).equal(LogField.SUB_SYSTEM_ID, subSystem)
                    .equal(LogField.SUB_SUB_SYSTEM_ID, subSubSystem).equal(LogField.PRODUKT_ID, product)
                    .equal(LogField.USER_SPEC_1, spec1).equal(LogField.USER_SPEC_2, spec2)
                    .equal(LogField.PACKAGE_VERSION, version).equal(LogField.STAGE, stage)
                    .text(text == null ? null : text.strip())
                    .contains(contains)
                    .ascending("asc".equals(order));
            if (sort != null) {
                filter.sort(LogFilter.Sort.parse(sort));
            }
            if (level != null) {
                try {
                    filter.minLevel(Level.parse(level).number());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("parameter level: " + e.getMessage());
                }
            }
            if (range != null) {
                filter.from(System.currentTimeMillis() - rangeMillis(range));
            }
            if (from != null) {
                filter.from(FilterParameters.time("from", from));
            }
            if (to != null) {
                filter.to(FilterParameters.time("to", to));
            }
            FilterParameters.checkOrder(filter.from(), filter.to());
            if (size != null) {
                FilterParameters.number("size", size.toString(), 1, FilterParameters.MAX_PAGE);
            }
            return filter;
        } catch (IllegalArgumentException e) {
            if (valid) {
                // the filter's own refusals start with the parameter's name
                String reason = e.getMessage().startsWith("parameter ") ? e.getMessage() : "parameter " + e.getMessage();
                FacesContext.getCurrentInstance().addMessage(null,
                        new FacesMessage(FacesMessage.SEVERITY_ERROR, "Filter not applied: " + reason, null));
            }
            valid = false;
            return null;
        }
    }

    static long rangeMillis(String range) {
        switch (range) {
            case "15m": return 15 * 60_000L;
            case "1h": return 3_600_000L;
            case "24h": return 86_400_000L;
            case "7d": return 7 * 86_400_000L;
            default: throw new IllegalArgumentException("range must be one of " + RANGES + ", not '" + range + "'");
        }
    }

    /** Search: the same page with the new filter in its URL. */
    public String apply() {
        return "index?faces-redirect=true&includeViewParams=true";
    }

    public String clear() {
        return "index?faces-redirect=true";
    }

    /** Live tail: re-draws the table when a newer record matching the filter has arrived. */
    public void poll() {
        LogFilter filter = filter();
        if (filter == null) {
            return;
        }
        try {
            if (newestId(filter) != newestShown) {
                PrimeFaces.current().ajax().update("logs:records");
            }
        } catch (SearchTooSlowException e) {
            // a substring the newest records lack: this poll is given up, the next one asks again
        }
    }

    /** The newest matching record's id; twice a second, so a substring search gets little time. */
    private long newestId(LogFilter filter) {
        List<LogRow> newest = store.findWithin(filter.sort(LogFilter.Sort.TIME).ascending(false).limit(1).offset(0),
                POLL_BUDGET_MILLIS);
        return newest.isEmpty() ? 0 : newest.get(0).id();
    }

    /** The column header's sort state, from the URL's sort and order: "asc", "desc" or "unsorted". */
    public String sortOrder(String key) {
        String current = sort == null ? LogFilter.Sort.TIME.key() : sort;
        if (!current.equalsIgnoreCase(key)) {
            return "unsorted";
        }
        return "asc".equals(order) ? "asc" : "desc";
    }

    /**
     * A click on a column header sorts the table by Ajax: take the sort into the view's parameters, so the
     * next search keeps it, and into the address bar, so a bookmark does. Both values come from the
     * allow-list, not from the request's text.
     */
    private void sortedBy(LogFilter.Sort key, boolean ascending) {
        String newSort = key == LogFilter.Sort.TIME ? null : key.key();
        String newOrder = ascending ? "asc" : null;
        if (java.util.Objects.equals(newSort, sort) && java.util.Objects.equals(newOrder, order)) {
            return;
        }
        sort = newSort;
        order = newOrder;
        FacesContext context = FacesContext.getCurrentInstance();
        if (context != null && context.getPartialViewContext().isAjaxRequest()) {
            PrimeFaces.current().executeScript("psUrl.set({sort: '" + key.key() + "', order: '"
                    + (ascending ? "asc" : "desc") + "'});");
        }
    }

    private final class Records extends LazyDataModel<LogLine> {
        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            LogFilter filter = filter();
            if (filter == null) {
                return 0;
            }
            long counted = store.countQuickly(filter, COUNT_CAP, COUNT_BUDGET_MILLIS);
            uncounted = counted < 0;
            return (int) (uncounted ? COUNT_CAP : counted);
        }

        @Override
        public List<LogLine> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            LogFilter filter = filter();
            if (filter == null) {
                return List.of();
            }
            for (SortMeta meta : sortBy.values()) {
                LogFilter.Sort key = SORT_FIELDS.get(meta.getField());
                if (key != null && meta.getOrder() != SortOrder.UNSORTED) {
                    filter.sort(key).ascending(meta.getOrder() == SortOrder.ASCENDING);
                    sortedBy(key, filter.ascending());
                    break;
                }
            }
            List<LogLine> lines = new ArrayList<>();
            if (first < 0 || first > LogFilter.MAX_OFFSET) {
                searchStopped = String.format(Locale.ROOT, "Pages beyond record %,d are not shown: narrow the filter.",
                        LogFilter.MAX_OFFSET);
                return lines;
            }
            try {
                LogQuery.Page page = store.findPage(filter.offset(first).limit(Math.max(1, Math.min(pageSize, FilterParameters.MAX_PAGE))));
                for (LogRow row : page.rows()) {
                    lines.add(new LogLine(row));
                }
                searchedTo = page.searchedTo();
                searchedAscending = filter.ascending();
            } catch (SearchTooSlowException e) {
                searchStopped = "Search stopped: " + e.getMessage() + ".";
                return lines;
            }
            searchStopped = null;
            if (first == 0) {
                // newest first by time (a word search: by arrival), the page's first row is the poll's answer
                boolean newestFirst = filter.sort() == LogFilter.Sort.TIME && !filter.ascending();
                try {
                    newestShown = newestFirst ? (lines.isEmpty() ? 0 : lines.get(0).getId()) : newestId(filter);
                } catch (SearchTooSlowException e) {
                    newestShown = -1;
                }
            }
            return lines;
        }

        @Override
        public String getRowKey(LogLine line) {
            return Long.toString(line.getId());
        }
    }

    /** Null, or what a substring scan that stopped short of the range searched ("records back to …"). */
    public String getSearchedText() {
        if (searchedTo == null) {
            return null;
        }
        return String.format(Locale.ROOT, "Searched the %s %,d records only (%s %s).", searchedAscending ? "oldest" : "newest",
                LogQuery.SCAN_ROWS, searchedAscending ? "up to" : "back to", Instant.ofEpochMilli(searchedTo));
    }

    /** The {@code to} (newest first) or {@code from} (oldest first) of the next, older (newer) part of the search. */
    public String getSearchOnParameter() {
        return searchedAscending ? "from" : "to";
    }

    public String getSearchOnValue() {
        return searchedTo == null ? null : Long.toString(searchedAscending ? searchedTo + 1 : searchedTo);
    }

    /** The count is capped: the page says "10,000+" rather than counting millions. */
    public String getCountText() {
        int count = records.getRowCount();
        if (uncounted) {
            return "many records (too many to count quickly)";
        }
        return count >= COUNT_CAP ? String.format(Locale.ROOT, "more than %,d records", COUNT_CAP)
                : String.format(Locale.ROOT, "%,d records", count);
    }

    // completion of the id fields: the first values the store has seen starting with what was typed
    public List<String> completeSystem(String typed) {
        return choices.complete(LogField.SYSTEM_ID, typed);
    }

    public List<String> completeSubSystem(String typed) {
        return choices.complete(LogField.SUB_SYSTEM_ID, typed);
    }

    public List<String> completeSubSubSystem(String typed) {
        return choices.complete(LogField.SUB_SUB_SYSTEM_ID, typed);
    }

    public List<String> completeProduct(String typed) {
        return choices.complete(LogField.PRODUKT_ID, typed);
    }

    public List<String> completeSpec1(String typed) {
        return choices.complete(LogField.USER_SPEC_1, typed);
    }

    public List<String> completeSpec2(String typed) {
        return choices.complete(LogField.USER_SPEC_2, typed);
    }

    public List<String> completeVersion(String typed) {
        return choices.complete(LogField.PACKAGE_VERSION, typed);
    }

    public List<String> completeStage(String typed) {
        return choices.complete(LogField.STAGE, typed);
    }

    public List<String> getLevels() {
        List<String> levels = new ArrayList<>();
        for (Level value : Level.values()) {
            levels.add(value.name());
        }
        return levels;
    }

    public List<String> getRanges() {
        return RANGES;
    }

    public LazyDataModel<LogLine> getRecords() {
        return records;
    }

    public boolean isValid() {
        return valid;
    }

    public String getNow() {
        return Instant.now().toString();
    }

    private static String clean(String value) {
        return value == null || value.isBlank() || "not_selected".equals(value) ? null : value.strip();
    }

    public String getSystem() { return system; }
    public void setSystem(String value) { system = clean(value); }
    public String getSubSystem() { return subSystem; }
    public void setSubSystem(String value) { subSystem = clean(value); }
    public String getSubSubSystem() { return subSubSystem; }
    public void setSubSubSystem(String value) { subSubSystem = clean(value); }
    public String getProduct() { return product; }
    public void setProduct(String value) { product = clean(value); }
    public String getSpec1() { return spec1; }
    public void setSpec1(String value) { spec1 = clean(value); }
    public String getSpec2() { return spec2; }
    public void setSpec2(String value) { spec2 = clean(value); }
    public String getVersion() { return version; }
    public void setVersion(String value) { version = clean(value); }
    public String getStage() { return stage; }
    public void setStage(String value) { stage = clean(value); }
    public String getText() { return text; }
    public void setText(String value) { text = value == null || value.isBlank() ? null : value; }
    public String getContains() { return contains; }
    public void setContains(String value) { contains = value == null || value.isEmpty() ? null : value; }
    /** Why the page is empty when a substring search ran out of time; null otherwise. */
    public String getSearchStopped() { return searchStopped; }
    public String getRange() { return range; }
    public void setRange(String value) { range = clean(value); }
    public String getFrom() { return from; }
    public void setFrom(String value) { from = clean(value); }
    public String getTo() { return to; }
    public void setTo(String value) { to = clean(value); }
    public String getLevel() { return level; }
    public void setLevel(String value) { level = clean(value); }
    public String getOrder() { return order; }
    public void setOrder(String value) { order = clean(value); }
    public String getSort() { return sort; }
    public void setSort(String value) { sort = clean(value); }
    public Integer getSize() { return size; }
    public void setSize(Integer value) { size = value; }
    public int getRows() { return size == null || size < 1 || size > FilterParameters.MAX_PAGE ? 50 : size; }
    public boolean isLive() { return live; }
    public void setLive(boolean value) { live = value; }
}
