package org.astronrpa.openapi.bootstrap.logging;

import java.util.regex.Pattern;

/** Removes secrets from log text: API keys, bearer tokens, key query parameters, secret headers. */
public final class Redaction {
    private static final Pattern API_KEY = Pattern.compile("\\b(rpa_[A-Za-z0-9]{4})[A-Za-z0-9_-]{12,}");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+[A-Za-z0-9._~+/=-]{8,}");
    private static final Pattern QUERY = Pattern.compile("(?i)([?&](?:key|api_key|token)=)[^&\\s\"]+");
    private static final Pattern HEADER = Pattern.compile(
            "(?i)\\b(authorization|x-api-key|x-gateway-secret)(\"?\\s*[:=]\\s*\"?)(?:(?:bearer|basic)\\s+)?[^\\s\",}]+");

    private Redaction() {
    }

    public static String apply(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = API_KEY.matcher(text).replaceAll("$1***");
        out = BEARER.matcher(out).replaceAll("$1 ***");
        out = QUERY.matcher(out).replaceAll("$1***");
        return HEADER.matcher(out).replaceAll("$1$2***");
    }
}
