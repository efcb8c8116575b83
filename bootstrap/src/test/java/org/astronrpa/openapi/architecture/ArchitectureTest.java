package org.astronrpa.openapi.architecture;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The service's production classes, from every module on bootstrap's test classpath, against the rules. */
class ArchitectureTest {
    /** Maven test-jars (domain's port contracts, persistence's test databases) are test code too. */
    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .withImportOption(location -> !location.matches(TEST_JAR))
            .importPackages(ArchitectureRules.PRODUCTION_ROOT);

    private static final ArchitectureRules RULES = ArchitectureRules.PRODUCTION;

    @Test
    void theImportHoldsEveryModuleAndNoTestCode() {
        String root = ArchitectureRules.PRODUCTION_ROOT;
        assertAll(Stream.of("domain", "application", "adapters.schema", "adapters.persistence", "adapters.http",
                        "bootstrap")
                .map(module -> () -> assertTrue(PRODUCTION.containPackage(root + "." + module), module + " imported")));
        assertTrue(PRODUCTION.stream().noneMatch(c -> c.getName().startsWith(root + ".architecture")
                        || c.getName().startsWith(root + ".archfixture") || c.getName().endsWith("Test")
                        || c.getName().endsWith("Contract")),
                "test classes imported: " + PRODUCTION.stream().filter(c -> c.getName().endsWith("Test")).toList());
    }

    @Test
    void theAdapterAllowListNamesRealClasses() {
        assertAll(ArchitectureRules.PUBLIC_ADAPTER_CLASSES.stream()
                .map(name -> ArchitectureRules.PRODUCTION_ROOT + "." + name)
                .map(name -> () -> assertTrue(PRODUCTION.contain(name), name + " is gone: drop it from the list")));
    }

    @Test
    void theUseCaseGraphAndTheFactoriesThatReadItAreRealClasses() {
        String root = ArchitectureRules.PRODUCTION_ROOT;
        assertAll(Stream.concat(Stream.of(ArchitectureRules.USE_CASE_GRAPH),
                        ArchitectureRules.USE_CASE_GRAPH_READERS.stream())
                .map(name -> root + "." + name)
                .map(name -> () -> assertTrue(PRODUCTION.contain(name), name + " is gone: update the rule")));
    }

    @Test
    void onlyOneFactoryPerAdapterReadsTheUseCaseGraph() {
        RULES.onlyOneFactoryPerAdapterReadsTheUseCaseGraph.check(PRODUCTION);
    }

    @Test
    void onlyTheChangePathWritesExecutions() {
        RULES.onlyTheChangePathWritesExecutions.check(PRODUCTION);
    }

    @Test
    void domainDependsOnlyOnTheJdk() {
        RULES.domainDependsOnlyOnTheJdk.check(PRODUCTION);
    }

    @Test
    void applicationDependsOnlyOnTheDomainTheJdkAndSlf4j() {
        RULES.applicationDependsOnlyOnDomainJdkAndSlf4j.check(PRODUCTION);
    }

    @Test
    void adaptersDoNotDependOnEachOther() {
        RULES.adaptersDoNotDependOnEachOther.check(PRODUCTION);
    }

    @Test
    void adaptersDoNotDependOnBootstrap() {
        RULES.adaptersDoNotDependOnBootstrap.check(PRODUCTION);
    }

    @Test
    void jdbiHikariFlywayH2AndMysqlStayInThePersistenceAdapter() {
        RULES.persistenceLibrariesStayInPersistence.check(PRODUCTION);
    }

    @Test
    void javalinAndJettyStayInTheHttpAdapter() {
        RULES.httpLibrariesStayInHttp.check(PRODUCTION);
    }

    @Test
    void lettuceStaysInTheRedisAdapter() {
        RULES.redisLibrariesStayInRedis.check(PRODUCTION);
    }

    @Test
    void theMcpSdkStaysInTheMcpAdapter() {
        RULES.mcpLibrariesStayInMcp.check(PRODUCTION);
    }

    @Test
    void networkntStaysInTheSchemaAdapter() {
        RULES.schemaLibrariesStayInSchema.check(PRODUCTION);
    }

    @Test
    void jacksonStaysOutOfDomainAndApplication() {
        RULES.jacksonStaysInAdaptersAndBootstrap.check(PRODUCTION);
    }

    @Test
    void micrometerStaysOutOfDomainAndApplication() {
        RULES.micrometerStaysInAdaptersAndBootstrap.check(PRODUCTION);
    }

    @Test
    void logbackStaysInBootstrap() {
        RULES.logbackStaysInBootstrap.check(PRODUCTION);
    }

    @Test
    void domainAndApplicationReadNoClockAndNoRandomnessOfTheirOwn() {
        RULES.coreReadsNoAmbientTimeOrRandomness.check(PRODUCTION);
    }

    @Test
    void nothingInTheServiceDependsOnTheRobotSimulator() {
        RULES.nothingDependsOnTheRobotSimulator.check(PRODUCTION);
    }

    @Test
    void adaptersExposeOnlyTheirEntryPoints() {
        RULES.adaptersExposeOnlyTheirEntryPoints.check(PRODUCTION);
    }

    @Test
    void exceptionsOfDomainAndApplicationAreUncheckedDomainExceptions() {
        RULES.coreExceptionsAreUncheckedDomainExceptions.check(PRODUCTION);
    }

    @Test
    void publicSignaturesOfDomainAndApplicationDeclareNoCheckedExceptions() {
        RULES.coreSignaturesDeclareNoCheckedExceptions.check(PRODUCTION);
    }

    @Test
    void useCasesAreFinalWithOnePublicMethod() {
        RULES.useCasesAreFinalWithOnePublicMethod.check(PRODUCTION);
    }
}
