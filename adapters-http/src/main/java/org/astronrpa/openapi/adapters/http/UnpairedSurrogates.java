package org.astronrpa.openapi.adapters.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.astronrpa.openapi.domain.shared.FieldError;
import tools.jackson.databind.JsonNode;

/**
 * Finds strings (and member names) of a JSON body that hold an unpaired UTF-16 surrogate, which JSON's
 * {@code \\ud800} escape can produce but UTF-8, and so the database, cannot store. Names each by its path, as the
 * parameter validator does: {@code params.items[2].sku}.
 */
final class UnpairedSurrogates {
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    static final String MESSAGE = "must not contain an unpaired UTF-16 surrogate (such as the escape \\ud800)";

    private UnpairedSurrogates() {
    }

    static List<FieldError> in(JsonNode body) {
        List<FieldError> found = new ArrayList<>();
        body.properties().forEach(member -> visit(member.getKey(), member.getKey(), member.getValue(), found));
        return found;
    }

    private static void visit(String path, String name, JsonNode node, List<FieldError> found) {
        if (unpaired(name) || (node.isString() && unpaired(node.stringValue()))) {
            found.add(new FieldError(path, MESSAGE));
        } else if (node.isObject()) {
            node.properties().forEach(member -> visit(path + segment(member.getKey()), member.getKey(), member.getValue(), found));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                visit(path + "[" + i + "]", "", node.get(i), found);
            }
        }
    }

    private static String segment(String name) {
        return PLAIN_NAME.matcher(name).matches() ? "." + name
                : "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    static boolean unpaired(String text) {
        return text.codePoints().anyMatch(c -> Character.getType(c) == Character.SURROGATE);
    }
}
