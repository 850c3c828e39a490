package ps.herald.control;

/** One entry of the console's menu (a class with getters: records do not work as EL beans here). */
public final class MenuItem {
    private final String label;
    private final String href;
    private final boolean active;

    public MenuItem(String label, String href, boolean active) {
        this.label = label;
        this.href = href;
        this.active = active;
    }

    public String getLabel() {
        return label;
    }

    public String getHref() {
        return href;
    }

    public boolean isActive() {
        return active;
    }
}
