package org.astronrpa.openapi.domain.workflow;

import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.Text;

/**
 * The fields a caller sent to create or update a workflow; {@code null} means "not sent, keep the value".
 * Texts are trimmed and checked here, all at once, so that one answer names every bad field.
 * {@code integration} is {@link IntegrationDeclaration#REMOVED} to take the declaration away.
 */
public record WorkflowChanges(
        String name,
        String englishName,
        String description,
        String version,
        WorkflowStatus status,
        ParametersSchema parameters,
        IntegrationDeclaration integration) {

    public static final int NAME_MAX = 100;
    public static final int ENGLISH_NAME_MAX = 100;
    public static final int DESCRIPTION_MAX = 500;
    public static final int VERSION_MAX = 20;
    public static final String DEFAULT_VERSION = "1.0.0";

    /** Changes that leave the integration declaration as it is. */
    public WorkflowChanges(String name, String englishName, String description, String version, WorkflowStatus status,
                           ParametersSchema parameters) {
        this(name, englishName, description, version, status, parameters, null);
    }

    public WorkflowChanges {
        FieldErrors errors = new FieldErrors();
        String n = name, e = englishName, d = description, v = version;
        name = n == null ? null : errors.collect(() -> Text.trimmed("name", n, 1, NAME_MAX));
        englishName = e == null ? null : errors.collect(() -> Text.trimmed("english_name", e, 0, ENGLISH_NAME_MAX));
        description = d == null ? null : errors.collect(() -> Text.bounded("description", d, 0, DESCRIPTION_MAX));
        version = v == null ? null : errors.collect(() -> Text.trimmed("version", v, 1, VERSION_MAX));
        errors.throwIfAny();
    }

    public static WorkflowChanges none() {
        return new WorkflowChanges(null, null, null, null, null, null);
    }

    /** The same changes with the checked parameters schema (which only a {@link SchemaChecker} makes). */
    public WorkflowChanges withParameters(ParametersSchema checked) {
        return new WorkflowChanges(name, englishName, description, version, status, checked, integration);
    }

    /** The same changes with the checked declaration (which only a {@code ContractJson} makes), or REMOVED. */
    public WorkflowChanges withIntegration(IntegrationDeclaration checked) {
        return new WorkflowChanges(name, englishName, description, version, status, parameters, checked);
    }

    /** Whether nothing at all was sent. */
    public boolean isEmpty() {
        return equals(none());
    }

    /** Whether these changes alter what the tool name is derived from. */
    boolean renames() {
        return name != null || englishName != null;
    }
}
