package org.astronrpa.openapi.domain.robot;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.Text;

/**
 * Who a managed robot says it is when it connects: its id, and what it reports of itself. The unmodified astron-rpa
 * client sends none of this; its connection is an unnamed robot (API.md §5.1).
 *
 * @param name          what people call it, 1..100 characters (the id when the robot sends none)
 * @param machine       the host it runs on, 0..255 characters, or null
 * @param clientKind    the client program ({@code astron-rpa}, {@code rpa-robot-simulator}), 1..40 characters
 * @param clientVersion its version, 0..40 characters, or null
 * @param capabilities  what it can do, at most {@value #MAX_CAPABILITIES}, each 1..64 characters of ASCII letters,
 *                      digits and {@code . _ : / -}
 * @param labels        its labels as it would like them when it is first seen (later only its owner changes them)
 */
public record RobotIdentity(RobotId id, String name, String machine, String clientKind, String clientVersion,
                            List<String> capabilities, RobotLabels labels) {
    public static final int MAX_CAPABILITIES = 32;
    private static final Pattern CAPABILITY = Pattern.compile("[A-Za-z0-9._:/-]{1,64}");

    public RobotIdentity {
        if (id == null) {
            throw InvalidInput.of("robot_id", "is required");
        }
        name = Text.trimmed("name", name == null ? id.value() : name, 1, 100);
        machine = machine == null ? null : Text.trimmed("machine", machine, 0, 255);
        clientKind = Text.trimmed("client", clientKind == null ? "unknown" : clientKind, 1, 40);
        clientVersion = clientVersion == null ? null : Text.trimmed("version", clientVersion, 0, 40);
        capabilities = checkedCapabilities(capabilities == null ? List.of() : capabilities);
        labels = labels == null ? RobotLabels.NONE : labels;
    }

    private static List<String> checkedCapabilities(List<String> raw) {
        FieldErrors errors = new FieldErrors();
        if (raw.size() > MAX_CAPABILITIES) {
            errors.add("capabilities", "must have at most " + MAX_CAPABILITIES + " entries (got " + raw.size() + ")");
        }
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < raw.size() && i < MAX_CAPABILITIES; i++) {
            String capability = raw.get(i);
            if (capability == null || !CAPABILITY.matcher(capability).matches()) {
                errors.add("capabilities[" + i + "]", "must be 1..64 ASCII letters, digits and . _ : / -");
            } else if (!kept.contains(capability)) {
                kept.add(capability);
            }
        }
        errors.throwIfAny();
        return List.copyOf(kept);
    }
}
