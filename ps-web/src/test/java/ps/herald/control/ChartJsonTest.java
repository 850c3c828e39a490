package ps.herald.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void hugeRangesGetWholeDayBucketsAndStillAbout120Points() {
        long end = 253_402_300_799_999L;
        int width = ChartJson.bucketMinutes(0, end);
        assertEquals(0, width % 1440);
        long count = ChartJson.bucketCount(0, end, width);
        assertTrue(count <= 121, "buckets: " + count);
        assertEquals(count, ChartJson.buckets(0, end, width).size());
    }

    @Test
    void aChartOfTooManyBucketsIsRefusedBeforeAnyIsBuilt() {
        // the reproduction's range: 10,000 minutes near the end of long, per minute
        long from = 9_223_372_036_254_775_807L;
        long to = 9_223_372_036_854_775_807L;
        assertThrows(IllegalArgumentException.class, () -> ChartJson.buckets(0, 253_402_300_799_999L, 1));
        assertEquals(10_001, ChartJson.bucketCount(from, to, 1));
        assertThrows(IllegalArgumentException.class, () -> ChartJson.buckets(from, to, 1));
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
