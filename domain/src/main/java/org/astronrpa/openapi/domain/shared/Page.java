package org.astronrpa.openapi.domain.shared;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, the count of everything that matched, and where the next page starts.
 *
 * @param total the exact count of matching rows, or {@code null} where the list does not count them (a filter
 *              without a maintained count: see the list's documentation) — never an estimate
 * @param next  the position after the last record when more rows may follow, else {@code null}
 */
public record Page<T>(Long total, PageRequest request, List<T> records, Position next) {
    public Page {
        records = List.copyOf(records);
    }

    /** A counted page with nothing said about a next one (lists paged by number only). */
    public Page(long total, PageRequest request, List<T> records) {
        this(Long.valueOf(total), request, records, null);
    }

    /**
     * The page {@code request} asks for, from the rows read for it: up to its size and one more, which, when it is
     * there, says that a next page follows — after the position of the page's last record.
     */
    public static <T> Page<T> ofWindow(Long total, PageRequest request, List<T> window,
                                       Function<? super T, Position> positionOf) {
        if (window.size() <= request.pageSize()) {
            return new Page<>(total, request, window, null);
        }
        List<T> records = window.subList(0, request.pageSize());
        return new Page<>(total, request, records, positionOf.apply(records.get(records.size() - 1)));
    }

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(total, request, records.stream().<R>map(mapper).toList(), next);
    }
}
