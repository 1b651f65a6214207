package io.querylens.instrument.jdbc;

import io.querylens.sql.DbInfo;

/** What the agent keeps on a connection object: the database behind it. */
final class ConnectionState {
    final DbInfo db;

    ConnectionState(DbInfo db) {
        this.db = db;
    }
}
