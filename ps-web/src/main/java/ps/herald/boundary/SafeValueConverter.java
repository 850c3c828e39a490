package ps.herald.boundary;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.convert.Converter;
import jakarta.faces.convert.ConverterException;
import jakarta.faces.convert.FacesConverter;
import jakarta.faces.application.FacesMessage;

/**
 * Gives drop-downs of log values (system ids and the like, attacker-controlled) option values made of hex
 * digits only. PrimeFaces 15.0.8's SelectOneMenu script copies each option's value unescaped into the HTML
 * of its item list ({@code data-value="..."}), so a system id such as {@code "><img src=x onerror=...>}
 * would run as script when the list opens (found by ConsoleIT). Labels stay the real text, escaped.
 */
@FacesConverter("ps.safeValue")
public class SafeValueConverter implements Converter<String> {
    private static final String PREFIX = "v";

    @Override
    public String getAsObject(FacesContext context, UIComponent component, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!value.startsWith(PREFIX)) {
            throw new ConverterException(new FacesMessage(FacesMessage.SEVERITY_ERROR, "not a value of this list", null));
        }
        try {
            return new String(HexFormat.of().parseHex(value.substring(PREFIX.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConverterException(new FacesMessage(FacesMessage.SEVERITY_ERROR, "not a value of this list", null));
        }
    }

    @Override
    public String getAsString(FacesContext context, UIComponent component, String value) {
        return value == null || value.isEmpty() ? "" : PREFIX + HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
    }
}
