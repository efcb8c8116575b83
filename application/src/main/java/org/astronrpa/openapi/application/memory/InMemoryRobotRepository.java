package org.astronrpa.openapi.application.memory;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.Position;
import org.astronrpa.openapi.domain.shared.UserId;

/** Robot records in a map, for tests and for embedding without a database; same rules as the SQL adapter. */
public final class InMemoryRobotRepository implements RobotRepository {
    private static final Comparator<Robot> NEWEST_FIRST = Comparator.comparing((Robot r) -> r.firstSeen()).reversed()
            .thenComparing(r -> r.id().value(), Comparator.reverseOrder());

    private record Key(UserId owner, RobotId id) {
    }

    private final Map<Key, Robot> robots = new HashMap<>();

    @Override
    public synchronized Optional<Robot> find(UserId owner, RobotId id) {
        return Optional.ofNullable(robots.get(new Key(owner, id)));
    }

    @Override
    public synchronized void insert(Robot robot) {
        if (robots.putIfAbsent(new Key(robot.owner(), robot.id()), robot) != null) {
            throw new ConcurrentUpdate("robot '" + robot.id() + "'");
        }
    }

    @Override
    public synchronized void update(Robot robot) {
        Key key = new Key(robot.owner(), robot.id());
        Robot stored = robots.get(key);
        if (stored == null || stored.revision() != robot.revision() - 1) {
            throw new ConcurrentUpdate("robot '" + robot.id() + "'");
        }
        robots.put(key, robot);
    }

    @Override
    public synchronized boolean delete(UserId owner, RobotId id) {
        return robots.remove(new Key(owner, id)) != null;
    }

    @Override
    public synchronized Page<Robot> page(UserId owner, PageRequest page) {
        List<Robot> mine = robots.values().stream().filter(r -> r.isOwnedBy(owner)).sorted(NEWEST_FIRST).toList();
        List<Robot> window = mine.stream()
                .filter(r -> page.after() == null || page.after().isBefore(r.firstSeen(), r.id().value()))
                .skip(page.offset())
                .limit(page.pageSize() + 1L)
                .toList();
        return Page.ofWindow(Long.valueOf(mine.size()), page, window,
                r -> new Position(r.firstSeen(), r.id().value()));
    }
}
