package org.astronrpa.openapi.archfixture.broken.application.ops;

import io.micrometer.core.instrument.MeterRegistry;

/** Breaks rules 2 and 4: the application counts with Micrometer. */
final class Metrics {
    void count(MeterRegistry registry) {
        registry.counter("orders").increment();
    }
}
