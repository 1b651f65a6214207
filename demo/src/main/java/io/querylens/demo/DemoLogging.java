package io.querylens.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the shop quiet: Hibernate (through jboss-logging), Tomcat (through JULI), HikariCP (through
 * slf4j-jdk14) and the drivers all log to java.util.logging; below WARNING they stay silent. A logging
 * configuration given with {@code -Djava.util.logging.config.file} is left alone.
 */
final class DemoLogging {
    private static final String[] LIBRARIES = {"org.hibernate", "org.apache", "com.zaxxer", "org.postgresql", "org.mariadb", "org.h2"};
    /** java.util.logging keeps loggers weakly: hold them, or the levels set here are lost to GC. */
    private static final List<Logger> CONFIGURED = new ArrayList<>();

    private DemoLogging() {}

    static synchronized void configure() {
        if (!CONFIGURED.isEmpty() || System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "jdk");
        }
        for (String name : LIBRARIES) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.WARNING);
            CONFIGURED.add(logger);
        }
    }
}
