package org.astronrpa.openapi.domain.workflow;

import java.util.Optional;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;

/** Where workflows live. Project ids and tool names compare ignoring case, as MySQL's default collation does. */
public interface WorkflowRepository {

    Optional<Workflow> find(ProjectId projectId);

    /**
     * Stores a new workflow (revision 1).
     *
     * @throws WorkflowAlreadyExists when the project id was stored meanwhile
     * @throws ToolNameTaken when another workflow of the owner took the tool name meanwhile
     */
    void insert(Workflow workflow);

    /**
     * Stores a changed workflow if the stored one still has revision {@code workflow.revision() - 1}.
     *
     * @throws org.astronrpa.openapi.domain.shared.ConcurrentUpdate when it does not
     * @throws ToolNameTaken when another workflow of the owner took the tool name meanwhile
     */
    void update(Workflow workflow);

    /** Deletes the workflow if {@code owner} owns it; false when there was none to delete. */
    boolean delete(ProjectId projectId, UserId owner);

    /** The owner's workflows that match, newest first. */
    Page<Workflow> page(UserId owner, WorkflowFilter filter, PageRequest page);

    /** Whether another workflow of {@code owner} than {@code except} has this tool name (compared lowercase). */
    boolean isToolNameTaken(UserId owner, String toolNameKey, ProjectId except);
}
