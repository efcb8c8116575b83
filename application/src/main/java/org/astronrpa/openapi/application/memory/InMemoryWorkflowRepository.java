package org.astronrpa.openapi.application.memory;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.ToolNameTaken;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowAlreadyExists;
import org.astronrpa.openapi.domain.workflow.WorkflowFilter;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/** Workflows in a map, for tests and for embedding without a database; same rules as the SQL adapter. */
public final class InMemoryWorkflowRepository implements WorkflowRepository {
    private static final Comparator<Workflow> NEWEST_FIRST = Comparator.comparing(Workflow::createdAt).reversed()
            .thenComparing(w -> key(w.projectId()), Comparator.reverseOrder());

    private final Map<String, Workflow> byProjectId = new HashMap<>();

    @Override
    public synchronized Optional<Workflow> find(ProjectId projectId) {
        return Optional.ofNullable(byProjectId.get(key(projectId)));
    }

    @Override
    public synchronized void insert(Workflow workflow) {
        if (byProjectId.containsKey(key(workflow.projectId()))) {
            throw new WorkflowAlreadyExists(workflow.projectId());
        }
        requireFreeToolName(workflow);
        byProjectId.put(key(workflow.projectId()), workflow);
    }

    @Override
    public synchronized void update(Workflow workflow) {
        Workflow stored = byProjectId.get(key(workflow.projectId()));
        if (stored == null || stored.revision() != workflow.revision() - 1) {
            throw new ConcurrentUpdate("workflow '" + workflow.projectId() + "'");
        }
        requireFreeToolName(workflow);
        byProjectId.put(key(workflow.projectId()), workflow);
    }

    @Override
    public synchronized boolean delete(ProjectId projectId, UserId owner) {
        Workflow stored = byProjectId.get(key(projectId));
        if (stored == null || !stored.isOwnedBy(owner)) {
            return false;
        }
        byProjectId.remove(key(projectId));
        return true;
    }

    @Override
    public synchronized Page<Workflow> page(UserId owner, WorkflowFilter filter, PageRequest page) {
        List<Workflow> matching = byProjectId.values().stream()
                .filter(w -> w.isOwnedBy(owner))
                .filter(w -> filter.status() == null || w.status() == filter.status())
                .filter(w -> filter.admits(w.projectId()))
                .filter(w -> filter.query() == null || contains(w.name(), filter.query())
                        || contains(w.englishName(), filter.query()))
                .sorted(NEWEST_FIRST)
                .toList();
        List<Workflow> window = matching.stream()
                .filter(w -> page.after() == null || page.after().isBefore(w.createdAt(), key(w.projectId())))
                .skip(page.offset())
                .limit(page.pageSize() + 1L)
                .toList();
        return Page.ofWindow(Long.valueOf(matching.size()), page, window,
                w -> new org.astronrpa.openapi.domain.shared.Position(w.createdAt(), key(w.projectId())));
    }

    @Override
    public synchronized boolean isToolNameTaken(UserId owner, String toolNameKey, ProjectId except) {
        return byProjectId.values().stream().anyMatch(w -> w.isOwnedBy(owner)
                && w.toolName().key().equals(toolNameKey.toLowerCase(Locale.ROOT))
                && !key(w.projectId()).equals(key(except)));
    }

    private void requireFreeToolName(Workflow workflow) {
        if (isToolNameTaken(workflow.ownerId(), workflow.toolName().key(), workflow.projectId())) {
            throw new ToolNameTaken(workflow.toolName().value());
        }
    }

    private static boolean contains(String text, String part) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }

    private static String key(ProjectId projectId) {
        return projectId.key();
    }
}
