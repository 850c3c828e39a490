package ps.herald.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.faces.convert.ConverterException;

import org.junit.jupiter.api.Test;

class SafeValueConverterTest {
    final SafeValueConverter converter = new SafeValueConverter();

    @Test
    void optionValuesAreHexOnlyAndComeBackUnchanged() {
        String evil = "\"><img src=x onerror=alert(2)> Grüße";
        String option = converter.getAsString(null, null, evil);
        assertTrue(option.matches("v[0-9a-f]+"), option);
        assertEquals(evil, converter.getAsObject(null, null, option));
        assertEquals("", converter.getAsString(null, null, null));
        assertNull(converter.getAsObject(null, null, ""));
    }

    @Test
    void foreignValuesAreRefused() {
        assertThrows(ConverterException.class, () -> converter.getAsObject(null, null, "orders"));
        assertThrows(ConverterException.class, () -> converter.getAsObject(null, null, "vxyz"));
    }
}
