package org.astronrpa.openapi.domain.robot;

import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.Text;

/**
 * What a {@code PATCH /robots/{id}} changes; a null field is left as it is.
 *
 * @param labels replaces every label (send all of them; an empty map removes them all)
 */
public record RobotChanges(String name, RobotLabels labels, Boolean draining) {
    public RobotChanges {
        name = name == null ? null : Text.trimmed("name", name, 1, 100);
        if (name == null && labels == null && draining == null) {
            throw InvalidInput.of("body", "must change at least one of name, labels, draining");
        }
    }
}
