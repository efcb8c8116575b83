package org.astronrpa.openapi.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.astronrpa.openapi.domain.shared.FieldError;

/** The astron-rpa response envelope: {@code {"code": "0000", "msg": "", "data": ...}}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record Envelope(String code, String msg, Object data) {
    static final String OK = "0000";
    static final String FAILED = "5001";

    static Envelope ok(Object data) {
        return new Envelope(OK, "", data);
    }

    /** The error form, which adds the machine-readable {@code error} and the {@code request_id}. */
    record Failure(String code, String msg, Object data, Detail error, @JsonProperty("request_id") String requestId,
                   @JsonInclude(JsonInclude.Include.NON_NULL) ContractDetail detail) {
        static Failure of(ApiProblem problem, String requestId) {
            return of(problem, requestId, null);
        }

        /** With {@code detail} as upstream's integration contract reads a refusal (its routes only), or null. */
        static Failure of(ApiProblem problem, String requestId, ContractDetail detail) {
            return new Failure(FAILED, problem.getMessage(), null,
                    new Detail(problem.type(), problem.fields().stream().map(Field::from).toList(),
                            problem.requiredScope()), requestId, detail);
        }
    }

    /**
     * A refusal as upstream astron-rpa's integration contract states it on its REST routes: {@code detail.code}, one
     * of its stable codes, and a sentence that echoes nothing of the request.
     */
    record ContractDetail(String code, String message) {
    }

    /** {@code required_scope} only on a refusal for a scope the API key lacks (API.md §4). */
    record Detail(String type, List<Field> fields,
                  @JsonProperty("required_scope") @JsonInclude(JsonInclude.Include.NON_NULL) String requiredScope) {
    }

    record Field(String field, String message) {
        static Field from(FieldError error) {
            return new Field(error.field(), error.message());
        }
    }
}
