package io.querylens.demo.shop;

import io.querylens.demo.web.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Exports every event, done right: a deliberate stream. The fetch size keeps at most 500 rows in memory
 * at a time, and each row is processed as it arrives.
 */
public final class EventExport {
    public static final String SQL = "SELECT id, kind, payload, created_at FROM demo_event ORDER BY id";
    public static final int FETCH_SIZE = 500;

    private final DataSource dataSource;

    public EventExport(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Streams all events and returns what was exported: row count, id range, rows per kind. */
    public Json export() throws SQLException {
        long rows = 0;
        long firstId = 0;
        long lastId = 0;
        long payloadChars = 0;
        Timestamp latest = null;
        Map<String, Long> perKind = new TreeMap<>();
        try (Connection c = dataSource.getConnection()) {
            // PostgreSQL honours the fetch size only inside a transaction (it then reads through a cursor)
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(SQL)) {
                ps.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        String kind = rs.getString(2);
                        String payload = rs.getString(3);
                        latest = rs.getTimestamp(4);
                        if (rows++ == 0) {
                            firstId = id;
                        }
                        lastId = id;
                        payloadChars += payload.length();
                        perKind.merge(kind, 1L, Long::sum);
                    }
                }
            }
            c.commit();
        }
        Json json = Json.object()
                .field("exported", rows)
                .field("firstId", firstId)
                .field("lastId", lastId)
                .field("latest", latest == null ? null : latest.toLocalDateTime())
                .field("payloadChars", payloadChars)
                .beginObject("perKind");
        for (Map.Entry<String, Long> e : perKind.entrySet()) {
            json.field(e.getKey(), e.getValue());
        }
        return json.endObject().endObject();
    }
}
