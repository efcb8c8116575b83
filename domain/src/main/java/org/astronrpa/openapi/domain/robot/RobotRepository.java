package org.astronrpa.openapi.domain.robot;

import java.util.Optional;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;

/** Where robot records live, keyed by owner and robot id. */
public interface RobotRepository {

    Optional<Robot> find(UserId owner, RobotId id);

    /**
     * Stores a robot seen for the first time (revision 1).
     *
     * @throws org.astronrpa.openapi.domain.shared.ConcurrentUpdate when the owner's robot of that id was stored
     *                                                              meanwhile
     */
    void insert(Robot robot);

    /**
     * Stores a changed robot if the stored one still has revision {@code robot.revision() - 1}.
     *
     * @throws org.astronrpa.openapi.domain.shared.ConcurrentUpdate when it does not (or it was deleted)
     */
    void update(Robot robot);

    /** Forgets the owner's robot; false when there was none. */
    boolean delete(UserId owner, RobotId id);

    /** The owner's robots, most recently first seen first. */
    Page<Robot> page(UserId owner, PageRequest page);
}
