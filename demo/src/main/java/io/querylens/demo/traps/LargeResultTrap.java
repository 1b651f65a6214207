package io.querylens.demo.traps;

import io.querylens.demo.web.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Large result: reads all 20,000 events, every column, into a list in memory, with the driver's default
 * fetch size (PostgreSQL and MariaDB then buffer the whole result before the first {@code next()}).
 * Compare {@code /events/export}, which streams them. The SQL differs from the export's (an alias, no
 * ORDER BY) so that the two have different fingerprints.
 */
public final class LargeResultTrap implements Trap {
    public static final String SQL = "SELECT e.id, e.kind, e.payload, e.created_at FROM demo_event e";

    private final DataSource dataSource;

    public LargeResultTrap(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String path() {
        return "/traps/large-result";
    }

    /** An event held in memory. */
    private static final class EventRow {
        final long id;
        final String kind;
        final String payload;
        final Timestamp createdAt;

        EventRow(long id, String kind, String payload, Timestamp createdAt) {
            this.id = id;
            this.kind = kind;
            this.payload = payload;
            this.createdAt = createdAt;
        }
    }

    @Override
    public Json run() throws SQLException {
        List<EventRow> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(SQL);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) { // the trap: everything at once, in memory
                events.add(new EventRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4)));
            }
        }
        long maxId = 0;
        long checkouts = 0;
        long payloadChars = 0;
        Timestamp latest = null;
        for (EventRow e : events) {
            maxId = Math.max(maxId, e.id);
            checkouts += "checkout".equals(e.kind) ? 1 : 0;
            payloadChars += e.payload.length();
            latest = latest == null || e.createdAt.after(latest) ? e.createdAt : latest;
        }
        return Json.object()
                .field("events", events.size())
                .field("maxId", maxId)
                .field("checkouts", checkouts)
                .field("payloadChars", payloadChars)
                .field("latest", latest == null ? null : latest.toLocalDateTime())
                .endObject();
    }
}
