package org.astronrpa.openapi.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.ThrowsDeclaration;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.time.Clock;
import java.util.Collection;
import java.util.List;

/** The predicates and conditions ArchUnit has no words for, used by {@link ArchitectureRules}. */
final class ArchitectureConditions {
    private ArchitectureConditions() {
    }

    /** Calls, constructor calls and method references ({@code Instant::now}) all count. */
    static final DescribedPredicate<JavaAccess<?>> AMBIENT_TIME_OR_RANDOMNESS = DescribedPredicate.describe(
            "the system clock or an unseeded random source (java.time *.now() without a Clock, Clock.system*(),"
                    + " System.currentTimeMillis()/nanoTime(), UUID.randomUUID(), new Random()/SecureRandom(),"
                    + " SecureRandom.getInstance*(), Math.random(), ThreadLocalRandom.current(),"
                    + " RandomGenerator.getDefault()/of())",
            access -> isAmbientTimeOrRandomness(access.getTarget()));

    /** Public, and reachable as such: every enclosing class is public too. */
    static final DescribedPredicate<JavaClass> EFFECTIVELY_PUBLIC =
            DescribedPredicate.describe("are public", ArchitectureConditions::isEffectivelyPublic);

    static final ArchCondition<JavaCodeUnit> DECLARE_NO_CHECKED_EXCEPTIONS =
            new ArchCondition<>("declare no checked exceptions") {
                @Override
                public void check(JavaCodeUnit codeUnit, ConditionEvents events) {
                    for (ThrowsDeclaration<? extends JavaCodeUnit> declared : codeUnit.getThrowsClause()) {
                        JavaClass type = declared.getRawType();
                        if (!type.isAssignableTo(RuntimeException.class) && !type.isAssignableTo(Error.class)) {
                            events.add(SimpleConditionEvent.violated(codeUnit, codeUnit.getFullName()
                                    + " declares checked " + type.getName() + " in " + codeUnit.getSourceCodeLocation()));
                        }
                    }
                }
            };

    static final ArchCondition<JavaClass> HAVE_EXACTLY_ONE_PUBLIC_METHOD =
            new ArchCondition<>("have exactly one public method besides constructors") {
                @Override
                public void check(JavaClass javaClass, ConditionEvents events) {
                    List<String> publicMethods = javaClass.getMethods().stream()
                            .filter(method -> method.getModifiers().contains(JavaModifier.PUBLIC))
                            .filter(method -> !method.getModifiers().contains(JavaModifier.SYNTHETIC)
                                    && !method.getModifiers().contains(JavaModifier.BRIDGE))
                            .map(JavaMethod::getName)
                            .sorted()
                            .toList();
                    if (publicMethods.size() != 1) {
                        events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName() + " has "
                                + publicMethods.size() + " public methods " + publicMethods + " instead of one, in "
                                + javaClass.getSourceCodeLocation()));
                    }
                }
            };

    /**
     * Public adapter classes must be {@code <Tech><Port>} (implement a port from {@code domainPackage} and end with
     * its simple name, like {@code JdbiWorkflowRepository}), end with an entry-point suffix, or be allow-listed.
     */
    static ArchCondition<JavaClass> beAnAdapterEntryPoint(String domainPackage, Collection<String> suffixes,
                                                          Collection<String> allowList) {
        return new ArchCondition<>("be <Tech><Port> (implement a domain port P, named <Tech>P), end with one of "
                + suffixes + ", or be one of " + allowList) {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                String name = javaClass.getSimpleName();
                boolean techPort = javaClass.getAllRawInterfaces().stream()
                        .filter(port -> port.getPackageName().startsWith(domainPackage + "."))
                        .anyMatch(port -> name.endsWith(port.getSimpleName()) && !name.equals(port.getSimpleName()));
                boolean entryPoint = suffixes.stream().anyMatch(name::endsWith);
                if (!techPort && !entryPoint && !allowList.contains(javaClass.getName())) {
                    events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName()
                            + " is public but neither <Tech><Port>, an entry point nor allow-listed, in "
                            + javaClass.getSourceCodeLocation() + ": make it package-private"));
                }
            }
        };
    }

    static boolean isAmbientTimeOrRandomness(AccessTarget target) {
        String owner = target.getOwner().getName();
        String name = target.getName();
        return switch (owner) {
            case "java.lang.System" -> name.equals("currentTimeMillis") || name.equals("nanoTime");
            case "java.lang.Math", "java.lang.StrictMath" -> name.equals("random");
            case "java.time.Clock" -> name.startsWith("system");
            case "java.util.UUID" -> name.equals("randomUUID");
            case "java.util.Random", "java.security.SecureRandom" ->
                    name.equals(JavaConstructor.CONSTRUCTOR_NAME) || name.startsWith("getInstance");
            case "java.util.concurrent.ThreadLocalRandom" -> name.equals("current");
            case "java.util.random.RandomGenerator" -> name.equals("getDefault") || name.equals("of");
            default -> owner.startsWith("java.time.") && name.equals("now") && !takesAClock(target);
        };
    }

    /** {@code Instant.now(clock)} reads the clock it is handed, which is as injectable as a TimeSource. */
    private static boolean takesAClock(AccessTarget target) {
        return target instanceof AccessTarget.CodeUnitAccessTarget codeUnit
                && codeUnit.getRawParameterTypes().stream().anyMatch(type -> type.isEquivalentTo(Clock.class));
    }

    private static boolean isEffectivelyPublic(JavaClass javaClass) {
        return javaClass.getModifiers().contains(JavaModifier.PUBLIC)
                && javaClass.getEnclosingClass().map(ArchitectureConditions::isEffectivelyPublic).orElse(true);
    }
}
