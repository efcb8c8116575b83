package org.astronrpa.openapi.domain.integration;

/**
 * The contract's JSON limits ({@code jsonLimits}): on every start's params, on the results of json-data workflows and
 * on each fixed MCP tool's arguments. Integers beyond ±(2^53−1) and non-finite numbers are invalid as well.
 *
 * @param maxBytes            compact UTF-8 JSON
 * @param maxStringLength     in code points
 */
public record JsonLimits(int maxBytes, int maxDepth, int maxObjectProperties, int maxArrayItems, int maxStringLength) {
    /** Exactly upstream's: its n8n node refuses a json-data workflow whose limits differ. */
    public static final JsonLimits CONTRACT = new JsonLimits(1_048_576, 12, 200, 1_000, 100_000);
    /** The largest integer a JSON number may hold here, 2^53−1. */
    public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;
}
