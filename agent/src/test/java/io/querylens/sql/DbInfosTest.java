package io.querylens.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DbInfosTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // url | system | namespace | host | port
        "jdbc:postgresql://db1:5433/shop?ssl=true | postgresql | shop | db1 | 5433",
        "jdbc:postgresql://localhost/shop | postgresql | shop | localhost | 5432",
        "jdbc:postgresql://h1:5432,h2:5433/shop?targetServerType=primary | postgresql | shop | h1 | 5432",
        "jdbc:postgresql://[::1]:5434/x | postgresql | x | ::1 | 5434",
        "jdbc:postgresql:shop | postgresql | shop | localhost | 5432",
        "jdbc:mysql://mysqlhost/app?useSSL=false | mysql | app | mysqlhost | 3306",
        "jdbc:mysql://user:secret@mysqlhost:3307/app | mysql | app | mysqlhost | 3307",
        "jdbc:mysql://address=(host=myhost)(port=3308)/db | mysql | db | myhost | 3308",
        "jdbc:mariadb://m1:3307,m2/app | mariadb | app | m1 | 3307",
        "jdbc:mariadb:replication://m1/app | mariadb | app | m1 | 3306",
        "jdbc:h2:mem:test;DB_CLOSE_DELAY=-1 | h2database | test | - | -1",
        "jdbc:h2:mem: | h2database | - | - | -1",
        "jdbc:h2:tcp://localhost:9093/~/data/test | h2database | test | localhost | 9093",
        "jdbc:h2:tcp://dbhost/mem:db | h2database | db | dbhost | 9092",
        "jdbc:h2:~/test | h2database | test | - | -1",
        "jdbc:h2:file:/var/data/sample;MODE=PostgreSQL | h2database | sample | - | -1",
        "jdbc:h2:./db/app | h2database | app | - | -1",
        "jdbc:sqlserver://sql1:1434;databaseName=Sales;encrypt=true | microsoft.sql_server | Sales | sql1 | 1434",
        "jdbc:sqlserver://sql1\\inst;database=Sales | microsoft.sql_server | Sales | sql1 | 1433",
        "jdbc:sqlserver://;serverName=s2;databaseName=d | microsoft.sql_server | d | s2 | 1433",
        "jdbc:jtds:sqlserver://js:1433/db;user=x | microsoft.sql_server | db | js | 1433",
        "jdbc:oracle:thin:@orahost:1522/ORCLPDB1 | oracle.db | ORCLPDB1 | orahost | 1522",
        "jdbc:oracle:thin:@//orahost/svc | oracle.db | svc | orahost | 1521",
        "jdbc:oracle:thin:scott/tiger@orahost:1521:ORCL | oracle.db | ORCL | orahost | 1521",
        "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=dbh)(PORT=1525))(CONNECT_DATA=(SERVICE_NAME=sales))) | oracle.db | sales | dbh | 1525",
        "jdbc:oracle:thin:@mytns | oracle.db | mytns | - | -1",
        "jdbc:derby://dh:1528/mydb;create=true | derby | mydb | dh | 1528",
        "jdbc:derby:memory:demo;create=true | derby | demo | - | -1",
        "jdbc:derby:/home/u/db/toursdb | derby | toursdb | - | -1",
        "jdbc:hsqldb:mem:hdb | hsqldb | hdb | - | -1",
        "jdbc:hsqldb:hsql://hh/xdb | hsqldb | xdb | hh | 9001",
        "jdbc:hsqldb:file:/opt/db/testdb;shutdown=true | hsqldb | testdb | - | -1",
        "jdbc:sqlite:/tmp/app.db | sqlite | app.db | - | -1",
        "jdbc:sqlite::memory: | sqlite | - | - | -1",
        "jdbc:db2://d2:50001/BANK | ibm.db2 | BANK | d2 | 50001",
        "jdbc:p6spy:postgresql://p/db | postgresql | db | p | 5432",
        "jdbc:foo://fh:1/fd | other_sql | fd | fh | 1",
        "jdbc:foo:bar | other_sql | - | - | -1",
        "not a url | other_sql | - | - | -1",
    })
    void urlsOfEveryKind(String url, String system, String namespace, String host, int port) {
        DbInfo info = DbInfos.fromUrl(url);
        assertEquals(system, info.system);
        assertEquals(namespace, info.namespace);
        assertEquals(host, info.host);
        assertEquals(port, info.port);
    }

    @Test
    void credentialsInTheUrlAreNeverCopied() {
        DbInfo info = DbInfos.fromUrl("jdbc:mysql://admin:hunter2@db.internal:3306/app");
        assertEquals("mysql://db.internal:3306/app", info.toString());
    }

    @Test
    void nullAndEmptyAreUnknown() {
        assertSame(DbInfo.UNKNOWN, DbInfos.fromUrl(null));
        assertSame(DbInfo.UNKNOWN, DbInfos.fromUrl(""));
        assertSame(DbInfo.UNKNOWN, DbInfos.intern(null));
    }

    @Test
    void internReturnsOneInstancePerUrl() {
        DbInfo a = DbInfos.intern("jdbc:postgresql://cache-test:5432/db");
        assertSame(a, DbInfos.intern("jdbc:postgresql://cache-test:5432/db"));
        assertEquals("postgresql://cache-test:5432/db", a.toString());
    }
}
