package io.querylens.work;

import io.querylens.api.spi.UnitOfWorkSummary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** A finished unit of work as extension detectors see it ({@link UnitOfWorkSummary}). */
final class UnitSummary implements UnitOfWorkSummary {
    private final FinishedUnit unit;
    private final List<Group> groups;

    UnitSummary(FinishedUnit unit) {
        this.unit = unit;
        List<Group> g = new ArrayList<>(unit.groups.size());
        for (StatementGroup s : unit.groups) {
            g.add(new GroupView(s));
        }
        this.groups = Collections.unmodifiableList(g);
    }

    @Override
    public String name() {
        return unit.name;
    }

    @Override
    public String kind() {
        return unit.kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public long durationNanos() {
        return unit.endEpochNanos - unit.startEpochNanos;
    }

    @Override
    public int statementCount() {
        return unit.statementCount;
    }

    @Override
    public List<Group> statements() {
        return groups;
    }

    private static final class GroupView implements Group {
        private final StatementGroup g;

        GroupView(StatementGroup g) {
            this.g = g;
        }

        @Override
        public String fingerprint() {
            return g.fingerprint.hex;
        }

        @Override
        public String sql() {
            return g.fingerprint.normalized;
        }

        @Override
        public String summary() {
            return g.fingerprint.summary();
        }

        @Override
        public String operation() {
            return g.fingerprint.operation();
        }

        @Override
        public int count() {
            return g.count;
        }

        @Override
        public long totalDurationNanos() {
            return g.totalDurationNanos;
        }

        @Override
        public long rowsRead() {
            return g.rows;
        }
    }
}
