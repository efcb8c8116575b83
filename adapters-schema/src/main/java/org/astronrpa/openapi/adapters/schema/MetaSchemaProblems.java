package org.astronrpa.openapi.adapters.schema;

import com.networknt.schema.Error;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.domain.shared.FieldError;

/**
 * Turns meta-schema violations into a few field errors on {@code parameters}. One per schema location:
 * an {@code anyOf} in the meta-schema reports every branch, and the first branch is the readable one
 * ({@code "strin"} "does not have a value in the enumeration", not "string found, array expected").
 */
final class MetaSchemaProblems {
    static final int MAX_REPORTED = 3;

    private MetaSchemaProblems() {
    }

    static List<FieldError> of(List<Error> violations) {
        Map<String, String> firstByLocation = new LinkedHashMap<>();
        for (Error violation : violations) {
            firstByLocation.putIfAbsent(location(violation), violation.getMessage());
        }
        return firstByLocation.entrySet().stream()
                .limit(MAX_REPORTED)
                .map(problem -> new FieldError("parameters",
                        "is not a valid JSON Schema: at " + problem.getKey() + ": " + problem.getValue()))
                .toList();
    }

    private static String location(Error violation) {
        String pointer = violation.getInstanceLocation().toString();
        return pointer.isEmpty() ? "the root" : pointer;
    }
}
