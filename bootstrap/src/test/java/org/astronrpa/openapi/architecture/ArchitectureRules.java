package org.astronrpa.openapi.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.astronrpa.openapi.architecture.ArchitectureConditions.AMBIENT_TIME_OR_RANDOMNESS;
import static org.astronrpa.openapi.architecture.ArchitectureConditions.DECLARE_NO_CHECKED_EXCEPTIONS;
import static org.astronrpa.openapi.architecture.ArchitectureConditions.EFFECTIVELY_PUBLIC;
import static org.astronrpa.openapi.architecture.ArchitectureConditions.HAVE_EXACTLY_ONE_PUBLIC_METHOD;
import static org.astronrpa.openapi.architecture.ArchitectureConditions.beAnAdapterEntryPoint;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Stream;

/**
 * The hexagon's rules of STYLE.md, built for one root package: {@link #PRODUCTION} checks the service, and
 * the same rules built for the fixture root prove that each of them catches a deliberate break.
 *
 * <p>Rules aimed at a module that exists today ({@code domain}, {@code application}, the adapters) select
 * those classes in their {@code that()}, so with {@code archRule.failOnEmptyShould=true} a renamed or missing
 * package fails them. Rules about modules still to come (mcp) or optional (the robot simulator) are phrased as
 * "no class outside X uses Y", which selects every class and so holds, rather than fails, while X is absent.
 */
final class ArchitectureRules {
    static final String PRODUCTION_ROOT = "org.astronrpa.openapi";

    /**
     * Public adapter classes that are neither {@code <Tech><Port>} nor an entry point by suffix, relative to the
     * root. Adding a name here is a design decision: anything else an adapter holds stays package-private.
     */
    static final List<String> PUBLIC_ADAPTER_CLASSES = List.of(
            "adapters.persistence.Database",                // opens pool and migrations, builds the Jdbi stores
            "adapters.redis.RedisFabric",                   // connects to Redis, builds the cluster adapters
            "adapters.mcp.ToolListChanges");                // consumes workflow events, wired before the use cases
    /** Entry points and their settings: {@code HttpServer}, {@code HttpSettings}, {@code PersistenceConfig}. */
    static final List<String> PUBLIC_ADAPTER_SUFFIXES = List.of("Server", "Settings", "Config");

    /** The categories of refusals: the only direct subclasses of {@code domain.shared.DomainException}. */
    static final List<String> ERROR_CATEGORIES = List.of(
            "NotFound", "Conflict", "InvalidInput", "Unauthorized", "NotPermitted", "Throttled", "Unavailable");

    /** The application's assembly: every use case, built once, relative to the root. */
    static final String USE_CASE_GRAPH = "application.assembly.UseCaseGraph";
    /**
     * The one factory per inbound adapter that takes from {@link #USE_CASE_GRAPH} what its routes or handlers call,
     * relative to the root.
     */
    static final List<String> USE_CASE_GRAPH_READERS = List.of("adapters.http.HttpServer", "adapters.mcp.McpToolServer");

    /** Packages that hold use cases: one final class each, one public method. */
    static final List<String> USE_CASE_PACKAGES = List.of("workflow", "apikey", "execution");

    static final ArchitectureRules PRODUCTION = forRoot(PRODUCTION_ROOT);

    final String root;

    // 1-2: the core's dependencies
    final ArchRule domainDependsOnlyOnTheJdk;
    final ArchRule applicationDependsOnlyOnDomainJdkAndSlf4j;
    // 3: adapters are independent
    final ArchRule adaptersDoNotDependOnEachOther;
    final ArchRule adaptersDoNotDependOnBootstrap;
    // 4: each technology in its adapter (and bootstrap, which wires it)
    final ArchRule persistenceLibrariesStayInPersistence;
    final ArchRule httpLibrariesStayInHttp;
    final ArchRule redisLibrariesStayInRedis;
    final ArchRule mcpLibrariesStayInMcp;
    final ArchRule schemaLibrariesStayInSchema;
    final ArchRule jacksonStaysInAdaptersAndBootstrap;
    final ArchRule micrometerStaysInAdaptersAndBootstrap;
    final ArchRule logbackStaysInBootstrap;
    // 5: time and randomness are injected
    final ArchRule coreReadsNoAmbientTimeOrRandomness;
    // 6: the robot simulator is a separate program
    final ArchRule nothingDependsOnTheRobotSimulator;
    // 7: adapters expose only their entry points
    final ArchRule adaptersExposeOnlyTheirEntryPoints;
    // 8: errors
    final ArchRule coreExceptionsAreUncheckedDomainExceptions;
    final ArchRule coreSignaturesDeclareNoCheckedExceptions;
    // 9: use cases
    final ArchRule useCasesAreFinalWithOnePublicMethod;

    final ArchRule onlyTheChangePathWritesExecutions;
    // 10: routes and handlers show what they call
    final ArchRule onlyOneFactoryPerAdapterReadsTheUseCaseGraph;

    private ArchitectureRules(String root) {
        this.root = root;
        String domain = root + ".domain..";
        String application = root + ".application..";
        String adapters = root + ".adapters..";
        String bootstrap = root + ".bootstrap..";
        String simulator = root + ".simulator..";

        domainDependsOnlyOnTheJdk = classes().that().resideInAPackage(domain)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", domain)
                .because("the domain is plain Java (javax.crypto is part of java.base, for key hashing): "
                        + "every other need is a port");
        applicationDependsOnlyOnDomainJdkAndSlf4j = classes().that().resideInAPackage(application)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", domain, application, "org.slf4j..")
                .because("use cases orchestrate the domain through its ports; technology lives in adapters");

        adaptersDoNotDependOnEachOther = slices().matching(root + ".adapters.(*)..").namingSlices("adapter $1")
                .should().notDependOnEachOther()
                .because("adapters meet only through the domain's ports, wired in bootstrap");
        adaptersDoNotDependOnBootstrap = noClasses().that().resideInAPackage(adapters)
                .should().dependOnClassesThat().resideInAPackage(bootstrap)
                .because("bootstrap is the composition root: it knows the adapters, not the other way round");

        persistenceLibrariesStayInPersistence = technologyOnlyIn("the persistence adapter",
                List.of("org.jdbi..", "com.zaxxer..", "org.flywaydb..", "org.h2..", "com.mysql.."), "adapters.persistence");
        httpLibrariesStayInHttp = technologyOnlyIn("the HTTP adapter",
                List.of("io.javalin..", "org.eclipse.jetty.."), "adapters.http");
        redisLibrariesStayInRedis = technologyOnlyIn("the Redis adapter", List.of("io.lettuce.."), "adapters.redis");
        mcpLibrariesStayInMcp = technologyOnlyIn("the MCP adapter",
                List.of("io.modelcontextprotocol.."), "adapters.mcp");
        schemaLibrariesStayInSchema = technologyOnlyIn("the schema adapter", List.of("com.networknt.."), "adapters.schema");
        // Jackson 3 keeps its annotations under com.fasterxml.jackson, so both roots count as Jackson.
        jacksonStaysInAdaptersAndBootstrap = technologyOnlyIn("adapters",
                List.of("tools.jackson..", "com.fasterxml.jackson.."), "adapters");
        micrometerStaysInAdaptersAndBootstrap = technologyOnlyIn("adapters", List.of("io.micrometer.."), "adapters");
        logbackStaysInBootstrap = technologyOnlyIn("bootstrap (the rest logs through slf4j)",
                List.of("ch.qos.logback.."));

        coreReadsNoAmbientTimeOrRandomness = noClasses().that().resideInAnyPackage(domain, application)
                .should().accessTargetWhere(AMBIENT_TIME_OR_RANDOMNESS)
                .because("time and randomness come from the injected TimeSource, IdGenerator and RandomSource,"
                        + " so the core is deterministic under test");

        nothingDependsOnTheRobotSimulator = noClasses().that().resideInAPackage(root + "..")
                .and().resideOutsideOfPackage(simulator)
                .should().dependOnClassesThat().resideInAPackage(simulator)
                .because("the simulator stands in for a desktop robot; the service reaches robots only through its ports");

        adaptersExposeOnlyTheirEntryPoints = classes().that().resideInAPackage(adapters).and(EFFECTIVELY_PUBLIC)
                .should(beAnAdapterEntryPoint(root + ".domain", PUBLIC_ADAPTER_SUFFIXES,
                        PUBLIC_ADAPTER_CLASSES.stream().map(name -> root + "." + name).toList()))
                .because("inside an adapter everything but the adapter class is package-private");

        String domainException = root + ".domain.shared.DomainException";
        List<String> categories = ERROR_CATEGORIES.stream().map(name -> root + ".domain.shared." + name).toList();
        coreExceptionsAreUncheckedDomainExceptions = classes().that().resideInAnyPackage(domain, application)
                .and().areAssignableTo(Throwable.class).and().doNotHaveFullyQualifiedName(domainException)
                .should().beAssignableTo(DescribedPredicate.describe("one of the categories " + ERROR_CATEGORIES
                        + " of DomainException", (JavaClass type) -> categories.contains(type.getName())))
                .andShould().beAssignableTo(RuntimeException.class)
                .because("every refusal belongs to one category of DomainException, which each protocol maps to "
                        + "its answer in one switch");
        coreSignaturesDeclareNoCheckedExceptions = codeUnits().that().areDeclaredInClassesThat()
                .resideInAnyPackage(domain, application).and().arePublic()
                .should(DECLARE_NO_CHECKED_EXCEPTIONS)
                .because("callers of the core branch on results and DomainExceptions, not on checked exceptions");

        useCasesAreFinalWithOnePublicMethod = classes().that().resideInAnyPackage(
                        USE_CASE_PACKAGES.stream().map(p -> root + ".application." + p + "..").toArray(String[]::new))
                .and().areTopLevelClasses().and().arePublic()
                .and().areNotInterfaces().and().areNotRecords().and().areNotEnums()
                .and().areNotAssignableTo(Throwable.class)
                .should().haveModifier(JavaModifier.FINAL).andShould(HAVE_EXACTLY_ONE_PUBLIC_METHOD)
                .because("a use case is one final class named as an imperative, with one public method");

        String executionRepository = root + ".domain.execution.ExecutionRepository";
        onlyTheChangePathWritesExecutions = noClasses().that().resideInAPackage(root + "..")
                .and().doNotHaveFullyQualifiedName(root + ".application.change.ExecutionChanges")
                .should().callMethodWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.<JavaClass>owner(
                                JavaClass.Predicates.assignableTo(executionRepository)))
                        .and(JavaCall.Predicates.target(HasName.Predicates.nameMatching("insert|update"))))
                .because("every execution change goes through ExecutionChanges, which checks the version, retries a"
                        + " lost race and records the change's event");

        List<String> readers = USE_CASE_GRAPH_READERS.stream().map(name -> root + "." + name).toList();
        onlyOneFactoryPerAdapterReadsTheUseCaseGraph = noClasses().that().resideInAPackage(adapters)
                .and(DescribedPredicate.describe("are not the factory of their adapter " + USE_CASE_GRAPH_READERS,
                        (JavaClass type) -> !readers.contains(type.getName())))
                .should().dependOnClassesThat().haveFullyQualifiedName(root + "." + USE_CASE_GRAPH)
                .because("a route or handler takes in its constructor only the use cases it calls, so what it needs"
                        + " stays visible; one factory per adapter takes them from the graph");
    }

    /** The rules for the classes under {@code root} (the service's root package, or a fixture's). */
    static ArchitectureRules forRoot(String root) {
        return new ArchitectureRules(root);
    }

    /**
     * No class under the root outside {@code modules} and bootstrap uses {@code libraries}. The robot simulator
     * is left out: it is a separate program, free in its technology, and rule 6 keeps the service off it.
     */
    private ArchRule technologyOnlyIn(String where, List<String> libraries, String... modules) {
        String[] allowed = Stream.concat(Stream.of(modules), Stream.of("bootstrap", "simulator"))
                .map(module -> root + "." + module + "..")
                .toArray(String[]::new);
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackages(allowed)
                .should().dependOnClassesThat().resideInAnyPackage(libraries.toArray(String[]::new))
                .because("this technology belongs in " + where + ", wired by bootstrap");
    }
}
