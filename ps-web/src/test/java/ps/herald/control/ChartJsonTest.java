package ps.herald.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import ps.store.entity.SeriesPoint;

class ChartJsonTest {
    static final long T0 = 29_833_320L * 60_000; // a whole hour

    @Test
    void bucketsGiveAtMostAbout120Points() {
        assertEquals(1, ChartJson.bucketMinutes(T0, T0 + 60 * 60_000L));
        assertEquals(15, ChartJson.bucketMinutes(T0, T0 + 24 * 60 * 60_000L));
        assertEquals(180, ChartJson.bucketMinutes(T0, T0 + 7 * 24 * 60 * 60_000L));
    }

    @Test
    void everyBucketHasAValueForEveryLevelInLevelOrder() {
        JsonObject json = ChartJson.perLevel(List.of(
                new SeriesPoint(T0 + 60_000, "40", 3), new SeriesPoint(T0, "20", 5), new SeriesPoint(T0 + 60_000, "20", 1)),
                T0, T0 + 3 * 60_000, 1);
        assertEquals(3, json.getJsonArray("labels").size());
        assertEquals("INFO", json.getJsonArray("datasets").getJsonObject(0).getString("label"));
        assertEquals("[5,1,0]", json.getJsonArray("datasets").getJsonObject(0).getJsonArray("data").toString());
        assertEquals("[0,3,0]", json.getJsonArray("datasets").getJsonObject(1).getJsonArray("data").toString());
    }

    @Test
    void labelsFromDataStayPlainJsonStrings() {
        JsonObject json = ChartJson.totals(List.of(new SeriesPoint(0, "</script><img src=x onerror=alert(1)>", 2)));
        assertEquals("</script><img src=x onerror=alert(1)>", json.getJsonArray("labels").getString(0));
    }
}
