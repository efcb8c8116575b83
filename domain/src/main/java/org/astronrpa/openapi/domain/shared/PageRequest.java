package org.astronrpa.openapi.domain.shared;

/** A page of a newest-first list: {@code pageNo} from 1, {@code pageSize} 1..100. */
public record PageRequest(int pageNo, int pageSize) {
    public static final int MAX_PAGE_SIZE = 100;
    public static final PageRequest FIRST = new PageRequest(1, 20);

    public PageRequest {
        FieldErrors errors = new FieldErrors();
        if (pageNo < 1) {
            errors.add("pageNo", "must be 1 or more");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            errors.add("pageSize", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        errors.throwIfAny();
    }

    public long offset() {
        return (long) (pageNo - 1) * pageSize;
    }
}
