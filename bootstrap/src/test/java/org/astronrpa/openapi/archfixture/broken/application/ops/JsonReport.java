package org.astronrpa.openapi.archfixture.broken.application.ops;

import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Breaks rules 2 and 4: the application serialises JSON itself. */
final class JsonReport {
    String render(Map<String, String> checks) {
        return JsonMapper.builder().build().writeValueAsString(checks);
    }
}
