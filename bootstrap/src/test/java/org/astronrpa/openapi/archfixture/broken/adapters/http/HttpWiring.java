package org.astronrpa.openapi.archfixture.broken.adapters.http;

import org.astronrpa.openapi.archfixture.broken.bootstrap.FixtureLauncher;

/** Breaks rule 3: an adapter depends on the composition root. */
final class HttpWiring {
    void start(FixtureLauncher launcher) {
        launcher.start();
    }
}
