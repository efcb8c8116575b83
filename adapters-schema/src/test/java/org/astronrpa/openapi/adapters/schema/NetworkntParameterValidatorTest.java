package org.astronrpa.openapi.adapters.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.astronrpa.openapi.domain.shared.FieldError;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkntParameterValidatorTest {
    private static final ParametersSchema RPA_PARAMETERS =
            new NetworkntSchemaChecker().check(NetworkntSchemaCheckerTest.RPA_PARAMETERS);

    private final NetworkntParameterValidator validator = new NetworkntParameterValidator();

    @Test
    void aValidInstanceHasNoErrors() {
        String params = """
                {"invoiceFolder": "C:/invoices", "amount": 12.5, "currency": "EUR",
                 "items": [{"sku": "ABC-1"}, {"sku": "XYZ-22", "qty": 3}]}""";

        assertEquals(List.of(), validator.validate(RPA_PARAMETERS, params));
    }

    @Test
    void aMissingRequiredPropertyIsNamedByItsOwnPath() {
        assertEquals(List.of(new FieldError("params.amount", "required property 'amount' not found")),
                validator.validate(RPA_PARAMETERS, "{\"invoiceFolder\": \"C:/invoices\"}"));
    }

    @Test
    void aValueOfTheWrongTypeIsReportedAtItsPathWithoutRepeatingIt() {
        assertEquals(List.of(new FieldError("params.amount", "string found, number expected")),
                validator.validate(RPA_PARAMETERS, "{\"invoiceFolder\": \"C:/invoices\", \"amount\": \"12\"}"));
    }

    @Test
    void aValueOutsideTheEnumIsReported() {
        assertEquals(List.of(new FieldError("params.currency", "does not have a value in the enumeration [\"CNY\", \"EUR\", \"USD\"]")),
                validator.validate(RPA_PARAMETERS, "{\"invoiceFolder\": \"x\", \"amount\": 1, \"currency\": \"GBP\"}"));
    }

    @Test
    void problemsInsideANestedArrayAreNamedWithTheItemIndex() {
        String params = """
                {"invoiceFolder": "x", "amount": 1, "items": [{"sku": "ABC-1"}, {"qty": 2}, {"sku": 7}]}""";

        assertEquals(List.of(
                        new FieldError("params.items[1].sku", "required property 'sku' not found"),
                        new FieldError("params.items[2].sku", "integer found, string expected")),
                validator.validate(RPA_PARAMETERS, params));
    }

    @Test
    void anUnexpectedPropertyIsNamedWhenTheSchemaForbidsExtras() {
        List<FieldError> errors = validator.validate(RPA_PARAMETERS, "{\"invoiceFolder\": \"x\", \"amount\": 1, \"colour\": 1}");

        assertEquals(List.of("params.colour"), errors.stream().map(FieldError::field).toList());
        assertTrue(errors.getFirst().message().startsWith("property 'colour' is not defined in the schema"), errors.toString());
    }

    @Test
    void propertyNamesThatAreNotPlainIdentifiersAreQuoted() {
        ParametersSchema schema = new ParametersSchema("{\"properties\":{\"due date\":{\"type\":\"string\"}}}");

        assertEquals(List.of(new FieldError("params[\"due date\"]", "integer found, string expected")),
                validator.validate(schema, "{\"due date\": 20250101}"));
    }

    @Test
    void aWholeNumberWrittenWithADecimalPointCountsAsAnInteger() {
        ParametersSchema schema = new ParametersSchema("{\"properties\":{\"qty\":{\"type\":\"integer\",\"maximum\":10}}}");

        assertEquals(List.of(), validator.validate(schema, "{\"qty\": 2.0}"));
        assertEquals(List.of("params.qty"), validator.validate(schema, "{\"qty\": 10.5}").stream().map(FieldError::field).toList());
    }

    @Test
    void anInstanceThatIsNotJsonIsOneErrorOnParams() {
        List<FieldError> errors = validator.validate(RPA_PARAMETERS, "{\"amount\": }");

        assertEquals(1, errors.size());
        assertEquals("params", errors.getFirst().field());
        assertTrue(errors.getFirst().message().startsWith("is not valid JSON: "), errors.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"x\"", "1", "null"})
    void anInstanceThatIsNotAnObjectIsOneErrorOnParams(String instance) {
        assertEquals(List.of(new FieldError("params", "must be a JSON object")), validator.validate(RPA_PARAMETERS, instance));
    }

    @Test
    void manyProblemsAreCappedSoTheResponseStaysSmall() {
        String params = IntStream.range(0, 100).mapToObj(i -> "\"extra" + i + "\": 1")
                .collect(Collectors.joining(",", "{\"invoiceFolder\": \"x\", \"amount\": 1,", "}"));

        assertEquals(NetworkntParameterValidator.MAX_ERRORS, validator.validate(RPA_PARAMETERS, params).size());
    }

    @Test
    void aRunawayRecursiveSchemaYieldsAnErrorInsteadOfAStackOverflow() {
        ParametersSchema recursive = new NetworkntSchemaChecker()
                .check("{\"$defs\":{\"n\":{\"anyOf\":[{\"$ref\":\"#/$defs/n\"},{\"type\":\"string\"}]}},\"$ref\":\"#/$defs/n\"}");

        List<FieldError> errors = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> validator.validate(recursive, "{}"));

        assertEquals(List.of(new FieldError("params", "could not be checked: the workflow's parameters schema is too "
                + "complex (EVALUATION_DEPTH limit reached)")), errors);
    }

    @Test
    void aStoredSchemaThatCannotBeAppliedIsAServerFaultNotACallerError() {
        ParametersSchema unchecked = new ParametersSchema("{\"properties\":{\"p\":{\"$dynamicRef\":\"http://example.com/x#a\"}}}");

        IllegalStateException fault = assertThrows(IllegalStateException.class, () -> validator.validate(unchecked, "{\"p\":1}"));

        assertTrue(fault.getMessage().contains("http://example.com/x#a"), fault.getMessage());
    }

    @Test
    void eachSchemaIsCompiledOnceAndTheCacheStaysBounded() {
        validator.validate(RPA_PARAMETERS, "{}");
        validator.validate(RPA_PARAMETERS, "{\"amount\": 1}");
        assertEquals(1, validator.cachedSchemas());

        IntStream.range(0, NetworkntParameterValidator.CACHE_CAPACITY + 20).forEach(i ->
                validator.validate(new ParametersSchema("{\"maxProperties\":" + i + "}"), "{}"));

        assertEquals(NetworkntParameterValidator.CACHE_CAPACITY, validator.cachedSchemas());
    }

    @Test
    void aDraft07SchemaIsAppliedWithDraft07Rules() {
        ParametersSchema tuple = new NetworkntSchemaChecker().check("""
                {"$schema":"http://json-schema.org/draft-07/schema#",
                 "properties":{"pair":{"items":[{"type":"string"},{"type":"integer"}]}}}""");

        assertEquals(List.of(new FieldError("params.pair[1]", "string found, integer expected")),
                validator.validate(tuple, "{\"pair\": [\"a\", \"b\"]}"));
    }

    @Test
    void secretInputsAreSeenWhereverTheSchemaDeclaresThem() {
        assertTrue(validator.declaredIn(new ParametersSchema(
                "{\"type\":\"object\",\"properties\":{\"token\":{\"type\":\"string\",\"writeOnly\":true}}}")));
        assertTrue(validator.declaredIn(new ParametersSchema("{\"type\":\"object\",\"properties\":{\"login\":"
                + "{\"type\":\"object\",\"properties\":{\"pw\":{\"type\":\"string\",\"format\":\"password\"}}}}}")),
                "nested");
        assertTrue(validator.declaredIn(new ParametersSchema(
                "{\"type\":\"object\",\"properties\":{\"pins\":{\"type\":\"array\",\"items\":{\"format\":\"password\"}}}}")),
                "in an array's items");
        org.junit.jupiter.api.Assertions.assertFalse(validator.declaredIn(RPA_PARAMETERS));
        org.junit.jupiter.api.Assertions.assertFalse(validator.declaredIn(new ParametersSchema("{\"type\":\"object\","
                + "\"properties\":{\"writeOnly\":{\"type\":\"boolean\"},\"format\":{\"type\":\"string\"},"
                + "\"note\":{\"writeOnly\":false,\"format\":\"date\"}}}")),
                "properties named writeOnly or format, and writeOnly false, are no secret");
    }
}
