package org.astronrpa.openapi.domain.workflow;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The MCP tool name of a workflow: {@code ^[A-Za-z0-9_-]{1,64}$}, unique per user (ignoring case).
 * Derived from {@code english_name}, else {@code name}; a short suffix that depends only on the project id
 * is added when the reduction leaves nothing, when the name is taken, or when it uses the reserved prefix or is one of
 * the integration contract's fixed tool names.
 */
public record ToolName(String value) {
    public static final int MAX_LENGTH = 64;
    public static final String RESERVED_PREFIX = "rpa_";
    /** The fixed tool names of upstream astron-rpa's integration contract 1: no workflow's tool takes one. */
    public static final java.util.Set<String> RESERVED_NAMES = java.util.Set.of("astron_integration_get",
            "astron_workflow_list", "astron_workflow_get", "astron_workflow_execute", "astron_execution_get",
            "astron_execution_cancel");
    private static final Pattern VALID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^A-Za-z0-9_-]+");
    private static final int[] SUFFIX_LENGTHS = {6, 10, 16, 32};

    public ToolName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid tool name: " + value);
        }
    }

    /** The comparison key under which names must be unique. */
    public String key() {
        return value.toLowerCase(Locale.ROOT);
    }

    /**
     * Derives the tool name of a workflow.
     *
     * @param taken whether a candidate name (lowercase) is already used by another workflow of the same user
     */
    public static ToolName derive(String englishName, String name, ProjectId projectId, Predicate<String> taken) {
        String source = englishName != null && !englishName.isBlank() ? englishName : name;
        String base = reduce(source == null ? "" : source);
        boolean reserved = base.toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX)
                || RESERVED_NAMES.contains(base.toLowerCase(Locale.ROOT));
        if (!base.isEmpty() && !reserved && !taken.test(base.toLowerCase(Locale.ROOT))) {
            return new ToolName(base);
        }
        String stem = base.isEmpty() ? "workflow" : base;
        String digest = digest(projectId.value());
        for (int length : SUFFIX_LENGTHS) {
            String suffix = "_" + digest.substring(0, length);
            String candidate = truncate(stem, MAX_LENGTH - suffix.length()) + suffix;
            if (!taken.test(candidate.toLowerCase(Locale.ROOT))) {
                return new ToolName(candidate);
            }
        }
        throw new IllegalStateException("no free tool name for project " + projectId);
    }

    private static String reduce(String source) {
        String reduced = NOT_ALLOWED.matcher(source.strip()).replaceAll("_");
        reduced = reduced.replaceAll("_{2,}", "_").replaceAll("^_+|_+$", "");
        return truncate(reduced, MAX_LENGTH);
    }

    private static String truncate(String text, int max) {
        String cut = text.length() <= max ? text : text.substring(0, max);
        return cut.replaceAll("_+$", "").isEmpty() ? cut : cut.replaceAll("_+$", "");
    }

    private static String digest(String text) {
        return org.astronrpa.openapi.domain.shared.Sha256.hex(text);
    }

    @Override
    public String toString() {
        return value;
    }
}
