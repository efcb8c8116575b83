package org.astronrpa.openapi.domain.shared;

import java.util.List;
import java.util.function.Function;

/** One page of a list and the true count of everything that matched. */
public record Page<T>(long total, PageRequest request, List<T> records) {
    public Page {
        records = List.copyOf(records);
    }

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(total, request, records.stream().<R>map(mapper).toList());
    }
}
