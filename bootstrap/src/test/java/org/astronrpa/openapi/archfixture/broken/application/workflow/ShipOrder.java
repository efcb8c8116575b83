package org.astronrpa.openapi.archfixture.broken.application.workflow;

/** Breaks rule 9: a use case with two public methods. */
public final class ShipOrder {
    public String ship(String id) {
        return id;
    }

    public String track(String id) {
        return id;
    }
}
