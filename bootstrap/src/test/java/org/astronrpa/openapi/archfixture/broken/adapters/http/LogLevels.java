package org.astronrpa.openapi.archfixture.broken.adapters.http;

import ch.qos.logback.classic.Level;

/** Breaks rule 4: an adapter configures Logback, which only bootstrap may. */
final class LogLevels {
    Level quiet() {
        return Level.WARN;
    }
}
