package org.astronrpa.openapi.domain.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ToolNameTest {
    private static final ProjectId P1 = new ProjectId("p-1");

    private static String derive(String english, String name) {
        return ToolName.derive(english, name, P1, taken -> false).value();
    }

    @Test
    void theEnglishNameWinsOverTheName() {
        assertEquals("invoice_robot", derive("invoice_robot", "Invoice robot"));
    }

    @Test
    void theNameIsUsedWhenThereIsNoEnglishName() {
        assertEquals("Invoice_robot", derive(null, "Invoice robot"));
        assertEquals("Invoice_robot", derive("  ", "Invoice robot"));
    }

    @Test
    void disallowedCharactersCollapseIntoOneUnderscoreAndEdgesAreTrimmed() {
        assertEquals("a_b-c_d", derive("  a . b-c!!d ?", null));
    }

    @Test
    void aNameWithNothingUsableGetsAStableSuffix() {
        String first = derive(null, "发票机器人");
        assertTrue(first.matches("^workflow_[0-9a-f]{6}$"), first);
        assertEquals(first, derive(null, "另一个名字"));
        assertNotEquals(first, ToolName.derive(null, "发票机器人", new ProjectId("p-2"), t -> false).value());
    }

    @Test
    void aTakenNameGetsASuffixAndALongerOneIfThatIsTakenToo() {
        String once = ToolName.derive("report", null, P1, Set.of("report")::contains).value();
        assertTrue(once.matches("^report_[0-9a-f]{6}$"), once);
        String twice = ToolName.derive("report", null, P1, Set.of("report", once)::contains).value();
        assertTrue(twice.matches("^report_[0-9a-f]{10}$"), twice);
    }

    @Test
    void theReservedPrefixIsNeverLeftBare() {
        String name = derive("rpa_list_workflows", null);
        assertTrue(name.startsWith("rpa_list_workflows_") && name.length() == "rpa_list_workflows_".length() + 6, name);
        assertTrue(derive("RPA_x", null).matches("^RPA_x_[0-9a-f]{6}$"));
    }

    @Test
    void longNamesAreCutTo64EvenWithASuffix() {
        String longName = "x".repeat(100);
        assertEquals(64, derive(longName, null).length());
        String suffixed = ToolName.derive(longName, null, P1, taken -> taken.length() == 64 && !taken.contains("_")).value();
        assertEquals(64, suffixed.length());
        assertTrue(suffixed.matches("^x{57}_[0-9a-f]{6}$"), suffixed);
    }

    @Test
    void theKeyIsLowercase() {
        assertEquals("abc", new ToolName("AbC").key());
    }

    @Test
    void theIntegrationContractsFixedToolNamesAreNoWorkflowsTool() {
        ToolName derived = ToolName.derive("Astron_Execution_Get", "x", new ProjectId("p-1"), taken -> false);
        org.junit.jupiter.api.Assertions.assertNotEquals("astron_execution_get", derived.key());
        org.junit.jupiter.api.Assertions.assertTrue(derived.value().startsWith("Astron_Execution_Get_"), derived.value());
        org.junit.jupiter.api.Assertions.assertEquals("astron_execution_getter",
                ToolName.derive("astron_execution_getter", "x", new ProjectId("p-1"), taken -> false).value());
    }
}
