package org.astronrpa.openapi.archfixture.broken.application.workflow;

/** Breaks rule 9: a use case that can be subclassed. */
public class PlaceOrder {
    public String place(String id) {
        return id;
    }
}
