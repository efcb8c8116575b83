package org.astronrpa.openapi.domain.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.workflow.ProjectId;

/**
 * What a subscription asks for: where to ({@code url}), which events ({@code topics}, {@link Topics}), of which
 * workflows ({@code projectIds}, empty for all; events about no workflow, a robot's, pass the filter), and whether it
 * is on.
 */
public record WebhookDefinition(URI url, Set<String> topics, Set<String> projectIds, boolean active) {
    public static final int MAX_URL_LENGTH = 2048;
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
        URI uri = errors.collect(() -> checkedUrl("url", url, allowHttp));
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

    /**
     * A receiver's URL: absolute, {@code https} (or {@code http} when allowed), with a host, no user name or password
     * (they would be logged with it), no fragment, at most {@value #MAX_URL_LENGTH} characters.
     */
    public static URI checkedUrl(String field, String url, boolean allowHttp) {
        if (url == null || url.isBlank()) {
            throw InvalidInput.of(field, "is required: the receiver's https URL");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw InvalidInput.of(field, "at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw InvalidInput.of(field, "is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw InvalidInput.of(field, allowHttp ? "must be an http or https URL"
                    : "must be an https URL (http is accepted only with WEBHOOK_ALLOW_HTTP=true)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw InvalidInput.of(field, "must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw InvalidInput.of(field, "must not carry a user name or password");
        }
        if (uri.getRawFragment() != null) {
            throw InvalidInput.of(field, "must not have a fragment");
        }
        return uri;
    }
}
