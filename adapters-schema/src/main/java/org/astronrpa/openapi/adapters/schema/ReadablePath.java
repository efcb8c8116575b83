package org.astronrpa.openapi.adapters.schema;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import java.util.regex.Pattern;

/**
 * Names the instance location of a validation error the way a caller writes it, such as
 * {@code params.items[2].sku}. Keywords that report a property of the object at the location
 * ({@code required}, {@code additionalProperties}…) point at that property: {@code params.name}.
 */
final class ReadablePath {
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private ReadablePath() {
    }

    static String of(String root, Error error) {
        StringBuilder path = new StringBuilder(root);
        NodePath location = error.getInstanceLocation();
        for (int i = 0; i < location.getNameCount(); i++) {
            append(path, location.getElement(i));
        }
        if (error.getProperty() != null) {
            append(path, error.getProperty());
        }
        return path.toString();
    }

    private static void append(StringBuilder path, Object segment) {
        switch (segment) {
            case Integer index -> path.append('[').append(index).append(']');
            case String name when PLAIN_NAME.matcher(name).matches() -> path.append('.').append(name);
            default -> path.append("[\"").append(segment.toString().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"]");
        }
    }
}
