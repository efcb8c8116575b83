package org.astronrpa.openapi.domain.webhook;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.ReceiverUrl;
import org.astronrpa.openapi.domain.workflow.ProjectId;

/**
 * What a subscription asks for: where to ({@code url}), which events ({@code topics}, {@link Topics}), of which
 * workflows ({@code projectIds}, empty for all; events about no workflow, a robot's, pass the filter), and whether it
 * is on.
 */
public record WebhookDefinition(URI url, Set<String> topics, Set<String> projectIds, boolean active) {
    public static final int MAX_PROJECT_IDS = 100;

    public WebhookDefinition {
        Objects.requireNonNull(url, "url");
        topics = Set.copyOf(new LinkedHashSet<>(topics));
        projectIds = Set.copyOf(projectIds);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("a subscription names at least one event");
        }
    }

    /** The topics in the order {@link Topics#ALL} lists them ({@code *} first). */
    public List<String> orderedTopics() {
        List<String> ordered = new ArrayList<>();
        if (topics.contains(Topics.EVERY)) {
            ordered.add(Topics.EVERY);
        }
        Topics.ALL.stream().filter(topics::contains).forEach(ordered::add);
        return ordered;
    }

    /** Whether an event of {@code topic} about workflow {@code project} (empty: none) is to be delivered. */
    public boolean wants(String topic, Optional<String> project) {
        if (!active || !(topics.contains(Topics.EVERY) || topics.contains(topic))) {
            return false;
        }
        return projectIds.isEmpty() || project.isEmpty()
                || projectIds.contains(ProjectId.keyOf(project.get()));
    }

    /**
     * A definition from the API's fields, every one checked and named when refused.
     *
     * @param allowHttp whether {@code http} URLs are accepted ({@code WEBHOOK_ALLOW_HTTP}); {@code https} always is
     * @throws InvalidInput naming {@code url}, {@code events} or {@code project_ids[i]}
     */
    public static WebhookDefinition checked(String url, List<String> events, List<String> projectIds,
                                            Boolean active, boolean allowHttp) {
        FieldErrors errors = new FieldErrors();
        URI uri = errors.collect(() -> ReceiverUrl.checked("url", url, allowHttp));
        Set<String> topics = Topics.parse(events, Topics.ALL).orElse(null);
        if (topics == null) {
            errors.add("events", "name one or more of " + String.join(", ", Topics.ALL) + ", or \"*\" for all");
        }
        Set<String> projects = new LinkedHashSet<>();
        if (projectIds != null) {
            if (projectIds.size() > MAX_PROJECT_IDS) {
                errors.add("project_ids", "at most " + MAX_PROJECT_IDS + " workflows");
            }
            for (int i = 0; i < projectIds.size(); i++) {
                String field = "project_ids[" + i + "]";
                try {
                    projects.add(new ProjectId(projectIds.get(i)).key());
                } catch (InvalidInput | NullPointerException refused) {
                    errors.add(field, "a workflow id is 1.." + ProjectId.MAX_LENGTH + " characters");
                }
            }
        }
        errors.throwIfAny();
        return new WebhookDefinition(uri, topics, projects, active == null || active);
    }
}
