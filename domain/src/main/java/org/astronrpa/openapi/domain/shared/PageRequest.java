package org.astronrpa.openapi.domain.shared;

/**
 * A page of a newest-first list: {@code pageNo} from 1 and {@code pageSize} 1..100, or the {@code pageSize} rows
 * after a {@link Position} ({@code after}, from a previous page's {@link Page#next()}; {@code pageNo} is then 1).
 */
public record PageRequest(int pageNo, int pageSize, Position after) {
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
        if (after != null && pageNo != 1) {
            errors.add("cursor", "cannot be combined with pageNo: a cursor says where the page starts");
        }
        errors.throwIfAny();
    }

    public PageRequest(int pageNo, int pageSize) {
        this(pageNo, pageSize, null);
    }

    /** The {@code pageSize} rows after {@code after}. */
    public static PageRequest after(Position after, int pageSize) {
        return new PageRequest(1, pageSize, after);
    }

    public long offset() {
        return (long) (pageNo - 1) * pageSize;
    }

    /** Whether this page is counted from a position rather than by number. */
    public boolean byPosition() {
        return after != null;
    }
}
