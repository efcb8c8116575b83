package org.astronrpa.openapi.adapters.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotIdentity;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.Text;

/**
 * Who a managed robot says it is on its {@code /ws} upgrade: each field as a query parameter or, when the query has
 * none, as an {@code X-Robot-*} header — {@code robot_id} / {@code X-Robot-Id}, {@code robot_name} /
 * {@code X-Robot-Name}, {@code machine} / {@code X-Robot-Machine}, {@code client} / {@code X-Robot-Client},
 * {@code version} / {@code X-Robot-Version}, {@code capabilities} / {@code X-Robot-Capabilities} (comma-separated) and
 * {@code labels} / {@code X-Robot-Labels} ({@code key=value} pairs, comma-separated). A connection that sends none of
 * them is an unnamed robot (the astron-rpa client); one that sends any of them must send {@code robot_id}. A refusal
 * names the field, before the upgrade.
 */
final class RobotIdentityParams {
    private static final String[][] FIELDS = {
            {"robot_id", "X-Robot-Id"}, {"robot_name", "X-Robot-Name"}, {"machine", "X-Robot-Machine"},
            {"client", "X-Robot-Client"}, {"version", "X-Robot-Version"}, {"capabilities", "X-Robot-Capabilities"},
            {"labels", "X-Robot-Labels"}};

    private RobotIdentityParams() {
    }

    /**
     * @param query  a query parameter's value by name, or null
     * @param header a request header's value by name, or null
     * @return the identity, or empty for an unnamed robot
     * @throws InvalidInput naming the field that breaks a rule
     */
    static Optional<RobotIdentity> of(UnaryOperator<String> query, UnaryOperator<String> header) {
        Map<String, String> sent = new LinkedHashMap<>();
        for (String[] field : FIELDS) {
            String value = query.apply(field[0]);
            if (value == null) {
                value = header.apply(field[1]);
            }
            if (value != null) {
                sent.put(field[0], value);
            }
        }
        if (sent.isEmpty()) {
            return Optional.empty();
        }
        String id = sent.get("robot_id");
        if (id == null) {
            throw InvalidInput.of("robot_id", "is required when a robot says anything of itself ("
                    + String.join(", ", sent.keySet()) + " sent)");
        }
        String name = sent.get("robot_name");
        if (name != null) {
            Text.trimmed("robot_name", name, 1, 100);   // named as sent: the record calls it name
        }
        return Optional.of(new RobotIdentity(new RobotId(id), name,
                sent.get("machine"), sent.get("client"), sent.get("version"), list(sent.get("capabilities")),
                labels(sent.get("labels"))));
    }

    private static List<String> list(String commaSeparated) {
        List<String> items = new ArrayList<>();
        if (commaSeparated != null) {
            for (String item : commaSeparated.split(",", -1)) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return items;
    }

    private static RobotLabels labels(String pairs) {
        if (pairs == null) {
            return RobotLabels.NONE;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : list(pairs)) {
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw InvalidInput.of("labels", "must be key=value pairs separated by commas (got '" + pair + "')");
            }
            String key = pair.substring(0, equals).strip();
            if (labels.put(key, pair.substring(equals + 1).strip()) != null) {
                throw InvalidInput.of("labels." + key, "is given twice");
            }
        }
        return RobotLabels.of("labels", labels);
    }
}
