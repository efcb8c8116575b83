package org.astronrpa.openapi.architecture;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Proves that the rules {@link ArchitectureTest} runs on the service catch what they claim: the same rules,
 * built for the fixture's root, each fail on the fixture class that breaks them (and only on such classes).
 */
class ArchitectureRulesBiteTest {
    private static final String FIXTURE_ROOT = "org.astronrpa.openapi.archfixture.broken";
    private static final JavaClasses FIXTURE = new ClassFileImporter().importPackages(FIXTURE_ROOT);
    private static final ArchitectureRules RULES = ArchitectureRules.forRoot(FIXTURE_ROOT);

    @Test
    void theFixtureIsAllThatIsImported() {
        assertTrue(FIXTURE.stream().allMatch(c -> c.getPackageName().startsWith(FIXTURE_ROOT)));
    }

    @Test
    void aRuleWhosePackageIsMissingFailsInsteadOfPassingEmpty() {
        ArchRule onAMissingDomain = ArchitectureRules.forRoot(FIXTURE_ROOT + ".renamed").domainDependsOnlyOnTheJdk;

        AssertionError error = assertThrows(AssertionError.class, () -> onAMissingDomain.check(FIXTURE));
        assertTrue(error.getMessage().contains("failed to check any classes"), error.getMessage());
    }

    @Test
    void rulesAboutModulesStillToComeHoldWhileTheModuleIsAbsent() {
        assertAll(() -> RULES.redisLibrariesStayInRedis.check(FIXTURE),
                () -> RULES.mcpLibrariesStayInMcp.check(FIXTURE));
    }

    @Test
    void aUseCaseThatUpdatesAnExecutionItselfBreaksTheChangePathRuleButReadingOneDoesNot() {
        assertViolation(RULES.onlyTheChangePathWritesExecutions, "SkipTheQueue.skip", "ExecutionRepository.update",
                "SkipTheQueue.enqueue", "ExecutionRepository.insert");
        assertQuietAbout(RULES.onlyTheChangePathWritesExecutions, "ExecutionChanges", "PeekAtExecution");
    }

    @Test
    void aRouteTakingTheWholeUseCaseGraphBreaksTheGraphRuleButTheAdaptersFactoryDoesNot() {
        assertViolation(RULES.onlyOneFactoryPerAdapterReadsTheUseCaseGraph, "InvoiceRoutes", "UseCaseGraph");
        assertQuietAbout(RULES.onlyOneFactoryPerAdapterReadsTheUseCaseGraph, "HttpServer", "CancelOrderRoutes");
    }

    @Test
    void aDomainRecordReadingAJavalinRequestBreaksTheDomainRule() {
        assertViolation(RULES.domainDependsOnlyOnTheJdk, "WebAwareOrder", "io.javalin.http.Context");
    }

    @Test
    void anApplicationClassUsingJacksonOrMicrometerBreaksTheApplicationRuleButSlf4jDoesNot() {
        assertViolation(RULES.applicationDependsOnlyOnDomainJdkAndSlf4j, "JsonReport", "Metrics");
        assertQuietAbout(RULES.applicationDependsOnlyOnDomainJdkAndSlf4j, "CancelOrder");
    }

    @Test
    void theHttpAdapterUsingAPersistenceRecordBreaksAdapterIndependence() {
        assertViolation(RULES.adaptersDoNotDependOnEachOther, "OrderRoutes", "OrderRows");
    }

    @Test
    void anAdapterUsingTheLauncherBreaksTheBootstrapRule() {
        assertViolation(RULES.adaptersDoNotDependOnBootstrap, "HttpWiring", "FixtureLauncher");
    }

    @Test
    void jdbiInTheSchemaAdapterBreaksThePersistenceTechnologyRule() {
        assertViolation(RULES.persistenceLibrariesStayInPersistence, "SchemaRows", "org.jdbi");
    }

    @Test
    void javalinInTheDomainBreaksTheHttpTechnologyRule() {
        assertViolation(RULES.httpLibrariesStayInHttp, "WebAwareOrder", "io.javalin");
    }

    @Test
    void networkntInThePersistenceAdapterBreaksTheSchemaTechnologyRule() {
        assertViolation(RULES.schemaLibrariesStayInSchema, "SchemaPeek", "com.networknt");
    }

    @Test
    void jacksonInTheApplicationBreaksTheJacksonRule() {
        assertViolation(RULES.jacksonStaysInAdaptersAndBootstrap, "JsonReport", "tools.jackson");
    }

    @Test
    void micrometerInTheApplicationBreaksTheMicrometerRule() {
        assertViolation(RULES.micrometerStaysInAdaptersAndBootstrap, "Metrics", "io.micrometer");
    }

    @Test
    void logbackInAnAdapterBreaksTheLogbackRule() {
        assertViolation(RULES.logbackStaysInBootstrap, "LogLevels", "ch.qos.logback");
    }

    @Test
    void instantNowUuidReferenceAndNewRandomBreakTheAmbientTimeRuleButAHandedClockDoesNot() {
        assertViolation(RULES.coreReadsNoAmbientTimeOrRandomness,
                "StampedOrder", "java.time.Instant.now()", "OrderIds", "java.util.UUID.randomUUID()", "Dice",
                "java.util.Random.<init>()");
        assertQuietAbout(RULES.coreReadsNoAmbientTimeOrRandomness, "ClockedOrder");
    }

    @Test
    void theLauncherStartingTheSimulatorBreaksTheSimulatorRule() {
        assertViolation(RULES.nothingDependsOnTheRobotSimulator, "FixtureLauncher", "FakeRobot");
    }

    @Test
    void publicAdapterHelpersAndBadlyNamedPortsBreakTheEntryPointRule() {
        assertViolation(RULES.adaptersExposeOnlyTheirEntryPoints, "OrderRows", "SqlStore");
        assertQuietAbout(RULES.adaptersExposeOnlyTheirEntryPoints, "JdbiOrderRepository", "FixtureServer");
    }

    @Test
    void anExceptionOutsideTheCategoriesOfDomainExceptionBreaksTheExceptionRule() {
        assertViolation(RULES.coreExceptionsAreUncheckedDomainExceptions, "OrderRejected", "OrderLost");
        assertQuietAbout(RULES.coreExceptionsAreUncheckedDomainExceptions, "OrderNotFound");
    }

    @Test
    void aPublicDomainMethodThrowingIOExceptionBreaksTheCheckedExceptionRule() {
        assertViolation(RULES.coreSignaturesDeclareNoCheckedExceptions, "OrderArchive.read", "java.io.IOException");
    }

    @Test
    void aNonFinalUseCaseAndOneWithTwoPublicMethodsBreakTheUseCaseRule() {
        assertViolation(RULES.useCasesAreFinalWithOnePublicMethod, "PlaceOrder", "ShipOrder", "[ship, track]");
        assertQuietAbout(RULES.useCasesAreFinalWithOnePublicMethod, "CancelOrder");
    }

    /** The rule fails on the fixture, and its report names each of {@code expected}. */
    private static void assertViolation(ArchRule rule, String... expected) {
        AssertionError error = assertThrows(AssertionError.class, () -> rule.check(FIXTURE));
        String report = error.getMessage();
        assertFalse(report.contains("failed to check any classes"), report);
        assertAll(Arrays.stream(expected).map(fragment -> () ->
                assertTrue(report.contains(fragment), "'" + fragment + "' missing from:\n" + report)));
    }

    /** The rule's violations on the fixture name none of the conforming {@code classes}. */
    private static void assertQuietAbout(ArchRule rule, String... classes) {
        String report = String.join("\n", rule.evaluate(FIXTURE).getFailureReport().getDetails());
        assertAll(Arrays.stream(classes).map(name -> () ->
                assertFalse(Pattern.compile("\\." + name + "(?![\\w$])").matcher(report).find(),
                        name + " wrongly reported:\n" + report)));
    }
}
