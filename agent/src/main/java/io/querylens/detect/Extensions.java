package io.querylens.detect;

import io.querylens.api.spi.Detector;
import io.querylens.api.spi.FindingReporter;
import io.querylens.api.spi.StatementEvent;
import io.querylens.api.spi.UnitOfWorkSummary;
import io.querylens.bootstrap.Log;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The extension detectors ({@link Detector} SPI), loaded from the jars named by
 * {@code querylens.extensions} with a class loader whose parent is the agent's, so that they see the
 * extension API and nothing of the application. Every call is guarded: a detector that throws is switched
 * off for good and logged once; the application never sees the exception.
 */
public final class Extensions {
    public static final Extensions NONE = new Extensions(Collections.emptyList());

    private final Guarded[] detectors;

    public Extensions(List<Detector> detectors) {
        this.detectors = new Guarded[detectors.size()];
        for (int i = 0; i < this.detectors.length; i++) {
            this.detectors[i] = new Guarded(detectors.get(i));
        }
    }

    /**
     * Loads every {@link Detector} listed in the {@code META-INF/services} of {@code jarPaths}. A jar that
     * is missing or a detector that cannot be created is logged and skipped.
     */
    public static Extensions load(List<String> jarPaths, ClassLoader parent) {
        if (jarPaths.isEmpty()) {
            return NONE;
        }
        List<URL> urls = new ArrayList<>();
        for (String path : jarPaths) {
            File f = new File(path);
            if (!f.isFile()) {
                Log.warn("extension jar not found, skipped: " + path);
                continue;
            }
            try {
                urls.add(f.toURI().toURL());
            } catch (Exception e) {
                Log.warn("extension jar skipped: " + path + ": " + e);
            }
        }
        if (urls.isEmpty()) {
            return NONE;
        }
        URLClassLoader loader = new URLClassLoader("querylens-extensions", urls.toArray(new URL[0]), parent);
        List<Detector> found = new ArrayList<>();
        Iterator<Detector> it = ServiceLoader.load(Detector.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                Detector d = it.next();
                found.add(d);
                Log.info("extension detector loaded: " + safeName(d));
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                Log.warn("an extension detector could not be loaded: " + e);
            }
        }
        if (found.isEmpty()) {
            Log.warn("no io.querylens.api.spi.Detector found in " + jarPaths);
        }
        return new Extensions(found);
    }

    private static String safeName(Detector d) {
        try {
            return d.name() + " (" + d.getClass().getName() + ")";
        } catch (Throwable t) {
            return d.getClass().getName();
        }
    }

    /** The detectors' class names: their frames are never a call site. */
    public List<String> classNames() {
        List<String> out = new ArrayList<>();
        for (Guarded g : detectors) {
            out.add(g.detector.getClass().getName());
        }
        return out;
    }

    public boolean isEmpty() {
        return detectors.length == 0;
    }

    public int size() {
        return detectors.length;
    }

    /** Detectors still switched on. */
    public int active() {
        int n = 0;
        for (Guarded g : detectors) {
            if (!g.disabled) {
                n++;
            }
        }
        return n;
    }

    public void onStatement(StatementEvent event, FindingReporter reporter) {
        for (Guarded g : detectors) {
            if (!g.disabled) {
                try {
                    g.detector.onStatement(event, reporter);
                } catch (Throwable t) {
                    g.disable("onStatement", t);
                }
            }
        }
    }

    public void onResult(StatementEvent event, FindingReporter reporter) {
        for (Guarded g : detectors) {
            if (!g.disabled) {
                try {
                    g.detector.onResult(event, reporter);
                } catch (Throwable t) {
                    g.disable("onResult", t);
                }
            }
        }
    }

    public void onUnitOfWorkEnd(UnitOfWorkSummary unit, FindingReporter reporter) {
        for (Guarded g : detectors) {
            if (!g.disabled) {
                try {
                    g.detector.onUnitOfWorkEnd(unit, reporter);
                } catch (Throwable t) {
                    g.disable("onUnitOfWorkEnd", t);
                }
            }
        }
    }

    private static final class Guarded {
        final Detector detector;
        volatile boolean disabled;

        Guarded(Detector detector) {
            this.detector = detector;
        }

        void disable(String where, Throwable t) {
            if (!disabled) {
                disabled = true;
                Log.error("extension detector " + safeName(detector) + " threw in " + where
                        + " and is now off; the application is unaffected", t);
            }
        }
    }
}
