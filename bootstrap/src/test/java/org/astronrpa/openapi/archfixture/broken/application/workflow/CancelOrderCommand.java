package org.astronrpa.openapi.archfixture.broken.application.workflow;

/** Conforms: records are commands, not use cases, whatever their methods. */
public record CancelOrderCommand(String id) {
    public String describe() {
        return "cancel " + id;
    }
}
