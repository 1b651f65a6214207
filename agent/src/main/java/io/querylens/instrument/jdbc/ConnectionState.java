package io.querylens.instrument.jdbc;

import io.querylens.sql.DbInfo;
import io.querylens.work.ThreadContext;

/**
 * What the agent keeps on a connection object: the database behind it (null until first needed) and the
 * context of the thread that used it last, so that the calls on it need no {@code ThreadLocal} lookup while
 * the same thread keeps using it (checked against {@link ThreadContext#owner}).
 */
final class ConnectionState {
    DbInfo db;
    /** Written racily by any thread using the connection; readers check its owner, a final field. */
    ThreadContext ctx;
}
