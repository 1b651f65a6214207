package io.querylens.demo.traps;

import io.querylens.demo.db.Database;
import java.util.List;

/** All traps of the shop, one per QueryLens finding type. */
public final class Traps {
    private Traps() {}

    public static List<Trap> all(Database db) {
        return List.of(
                new NPlusOneTrap(db.sessionFactory()),
                new DuplicateQueryTrap(db.sessionFactory()),
                new UnbatchedWritesTrap(db.dataSource()),
                new SelectStarTrap(db.dataSource()),
                new OverFetchRowsTrap(db.dataSource()),
                new CountInAppTrap(db.dataSource()),
                new LargeResultTrap(db.dataSource()),
                new SlowQueryTrap(db.dataSource(), db.kind()),
                new QueryExplosionTrap(db.dataSource()));
    }
}
