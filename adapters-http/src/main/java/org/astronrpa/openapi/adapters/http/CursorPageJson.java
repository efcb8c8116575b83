package org.astronrpa.openapi.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.function.Function;
import org.astronrpa.openapi.domain.shared.Page;

/**
 * A list answer that pages by cursor too: {@code {"total", "pageNo", "pageSize", "records", "next_cursor"}}.
 * {@code total} is {@code null} where the filter is not counted; {@code next_cursor} is {@code null} on the last page.
 */
record CursorPageJson<T>(Long total, int pageNo, int pageSize, List<T> records,
                         @JsonProperty("next_cursor") String nextCursor) {
    static <D, T> CursorPageJson<T> from(Page<D> page, Function<D, T> mapper, String nextCursor) {
        return new CursorPageJson<>(page.total(), page.request().pageNo(), page.request().pageSize(),
                page.records().stream().map(mapper).toList(), nextCursor);
    }
}
