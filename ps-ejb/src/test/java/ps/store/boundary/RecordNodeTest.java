package ps.store.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ps.client.LogField;
import ps.db.Database;
import ps.db.TestDatabases;
import ps.store.entity.LogFilter;

/** Which node received each record (log.node, store migration V63): each node's number on PostgreSQL, 1 on SQLite. */
class RecordNodeTest {
    @TempDir
    Path dir;

    @Test
    void eachRecordSaysWhichOfTwoNodesReceivedIt() {
        Database[] nodes = TestDatabases.postgres(2);
        nodes[0].nodeNumber(1);
        nodes[1].nodeNumber(2);
        LogStore first = LogStore.standalone(nodes[0], Executors.defaultThreadFactory());
        LogStore second = LogStore.standalone(nodes[1], Executors.defaultThreadFactory());
        try {
            long now = PostgresStoreTest.DAY0;
            first.append(List.of(PostgresStoreTest.entry("a", 1, now, "through node one")));
            second.append(List.of(PostgresStoreTest.entry("b", 1, now + 1, "through node two"),
                    PostgresStoreTest.entry("b", 2, now + 2, "through node two again")));
            first.append(List.of(PostgresStoreTest.entry("a", 2, now + 3, "node one again")));
            assertEquals(List.of("node one again @1", "through node two again @2", "through node two @2", "through node one @1"),
                    first.find(new LogFilter()).stream().map(row -> row.entry().get(LogField.MESSAGE) + " @" + row.entry().node()).toList(),
                    "any node reads every node's records with the node that received them");
        } finally {
            first.stop();
            second.stop();
            for (Database node : nodes) {
                node.close();
            }
        }
    }

    @Test
    void sqlitesOneNodeIsNumberOne() {
        LogStore store = LogStore.standalone(dir.resolve("ps.sqlite"), Executors.defaultThreadFactory());
        try {
            store.append(List.of(PostgresStoreTest.entry("a", 1, PostgresStoreTest.DAY0, "alone")));
            assertEquals(List.of(1), store.find(new LogFilter()).stream().map(row -> row.entry().node()).toList());
        } finally {
            store.stop();
        }
    }
}
