package org.astronrpa.openapi.adapters.http;

import java.util.List;
import java.util.function.Function;
import org.astronrpa.openapi.domain.shared.Page;

/** A list answer: {@code {"total", "pageNo", "pageSize", "records"}}. */
record PageJson<T>(Long total, int pageNo, int pageSize, List<T> records) {
    static <D, T> PageJson<T> from(Page<D> page, Function<D, T> mapper) {
        return new PageJson<>(page.total(), page.request().pageNo(), page.request().pageSize(),
                page.records().stream().map(mapper).toList());
    }
}
