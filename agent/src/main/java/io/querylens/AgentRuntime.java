package io.querylens;

import io.querylens.bootstrap.AgentClassLoader;
import io.querylens.bootstrap.Config;
import io.querylens.bootstrap.Hooks;
import io.querylens.bootstrap.Log;
import io.querylens.bootstrap.State;
import io.querylens.detect.FindingRegistry;
import io.querylens.export.DeferredExport;
import io.querylens.export.Export;
import io.querylens.instrument.AgentInstaller;
import io.querylens.instrument.JdkProfiles;
import io.querylens.instrument.jdbc.JdbcTypes;
import io.querylens.instrument.jdbc.JdbcEventSink;
import io.querylens.instrument.servlet.ServletRequests;
import io.querylens.sql.Fingerprints;
import io.querylens.sql.SqlAnalyzer;
import io.querylens.stats.StatsRegistry;
import io.querylens.work.WorkTracker;
import java.lang.instrument.Instrumentation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wires the agent together inside its own class loader: fingerprints, statistics, units of work,
 * detection and export, then the hooks the advice calls, then the transformers. Started by
 * {@code io.querylens.bootstrap.Launcher}.
 */
public final class AgentRuntime {
    private static volatile Runnable stop;
    private static volatile WorkTracker tracker;

    private AgentRuntime() {}

    /**
     * Starts the agent. At JVM start the transformer is installed at once and the rest is built on a
     * background thread while the application starts; hooks called meanwhile wait for it ({@link Hooks}).
     * After an attach everything is built first, then the loaded JDBC classes are retransformed.
     */
    public static void start(Instrumentation inst, Config config, AgentClassLoader loader, boolean attached) {
        long t0 = System.nanoTime();
        if (attached) {
            startCore(config);
            AgentInstaller.install(inst, loader, true);
            Log.info("started in " + (System.nanoTime() - t0) / 1_000_000 + " ms (attached)");
            return;
        }
        Hooks.starting();
        try {
            AgentInstaller.install(inst, loader, false);
        } catch (Throwable t) {
            Hooks.started();
            throw t;
        }
        long t1 = System.nanoTime();
        // an anonymous class, not a lambda: the first lambda linked in a JVM costs its thread ~10 ms
        Thread starter = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    startCore(config);
                    if (config.getBoolean("querylens.jdk.profiles.reset", true)) {
                        JdkProfiles.reset(inst);
                    }
                    Log.info("started in " + (System.nanoTime() - t0) / 1_000_000 + " ms (transformer "
                            + (t1 - t0) / 1_000_000 + " ms on the application's thread)");
                } catch (Throwable t) {
                    Hooks.started();
                    Log.error("agent not started; the application runs without it", t);
                }
            }
        }, "querylens-start");
        starter.setDaemon(true);
        starter.setContextClassLoader(loader);
        starter.start();
    }

    /** Fingerprints, statistics, units of work, detection and export, then the hooks that feed them. */
    private static void startCore(Config config) {
        SqlAnalyzer analyzer = new SqlAnalyzer(
                config.getMillis("querylens.sql.parse.timeout", 250, 1, 60_000),
                config.getInt("querylens.sql.parse.max.chars", 20_000, 0, 10_000_000),
                config.getInt("querylens.sql.parse.queue", 1024, 1, 1_000_000),
                config.getMillis("querylens.sql.parse.delay", 2_000, 0, 600_000));
        // Defaults sized for the 32 MB heap budget in the worst case (every bound full): 5,000 fingerprints of
        // at most 2,048 characters (~10 MB), 4,096 cached raw statements of at most 2,048 characters (~8 MB),
        // 300 latency histograms of ~27 KB (~8 MB).
        Fingerprints fingerprints = new Fingerprints(
                config.getInt("querylens.fingerprints.max", 5_000, 10, 1_000_000),
                config.getInt("querylens.sql.cache.size", 4_096, 0, 1_000_000),
                config.getInt("querylens.sql.cache.max.chars", 2_048, 0, 10_000_000),
                config.getInt("querylens.sql.stored.max.chars", 2_048, 64, 10_000_000),
                analyzer);
        StatsRegistry stats = new StatsRegistry(fingerprints.capacity(),
                config.getInt("querylens.stats.histograms.max", 300, 0, 1_000_000));
        FindingRegistry findings = new FindingRegistry(config.getInt("querylens.findings.max", 1_000, 1, 1_000_000));
        // the SDK starts a few seconds late so that it does not compete with the application's start-up
        DeferredExport export = DeferredExport.start(
                () -> Export.start(config, stats, findings::snapshot, () -> agentCounters(fingerprints, stats, findings, work())),
                config.getMillis("querylens.export.start.delay", 5_000, 0, 600_000));
        WorkTracker work = new WorkTracker(config, findings, fingerprints.capacity(), export, stats);
        tracker = work;
        work.start();
        stop = () -> {
            work.close();
            export.shutdown(10_000);
            analyzer.close();
        };
        Runtime.getRuntime().addShutdownHook(new Thread(AgentRuntime::shutdown, "querylens-shutdown"));
        Hooks.install(new JdbcEventSink(fingerprints, stats, work), work, new ServletRequests(work));
    }

    private static WorkTracker work() {
        return tracker;
    }

    static Map<String, Object> agentCounters(Fingerprints fingerprints, StatsRegistry stats, FindingRegistry findings,
                                             WorkTracker work) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fingerprints", fingerprints.all().size());
        m.put("histogramsRefused", stats.histogramsRefused());
        m.put("connectionWaits", stats.connectionWaits());
        m.put("connectionWaitFailures", stats.connectionFailures());
        m.put("findingsDropped", findings.dropped());
        if (work != null) {
            m.put("unitsFinished", work.unitsFinished());
            m.put("lostStatements", work.lostStatements());
            m.put("lostEvents", work.lostEvents());
            m.put("lateResults", work.lateResults());
        }
        m.put("instrumentedClasses", AgentInstaller.transformed());
        m.put("instrumentationErrors", AgentInstaller.errors());
        m.put("stateTableEvictions", State.fallbackEvictions());
        m.put("statementsLearned", JdbcEventSink.learned());
        m.put("jdbcTypeCacheRefused", JdbcTypes.refused());
        m.put("fingerprintsOverflowed", fingerprints.overflowed());
        m.put("sqlCacheEvictions", fingerprints.rawCacheEvictions());
        for (int i = 0; i < Hooks.families(); i++) {
            if (Hooks.failures(i) > 0) {
                m.put("hookFailures." + Hooks.familyName(i), Hooks.failures(i));
            }
        }
        return m;
    }

    static void shutdown() {
        Runnable s = stop;
        stop = null;
        if (s != null) {
            try {
                s.run();
            } catch (Throwable t) {
                Log.error("shutdown incomplete", t);
            }
        }
    }
}
