package org.astronrpa.openapi.archfixture.broken.adapters.http;

/** Conforms to rule 7: a public entry point by its suffix. */
public final class FixtureServer {
    public void start() {
    }
}
