package org.openclaw.oversight.platform.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries (issue 10, STYLE.md): what may use what, checked on the production classes
 * of every module on this classpath (platform depends on all of them).
 */
class ArchitectureTest {

    private static JavaClasses ours;

    @BeforeAll
    static void importProductionClasses() {
        ours = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> ModuleOf.of(location.asURI().toString()).isPresent())
                .importClasspath();
    }

    @Test
    void theRulesSeeEveryModuleGroup() {
        Set<String> groups = ours.stream().map(ModuleOf::of).flatMap(Optional::stream).map(ModuleOf::group)
                .collect(java.util.stream.Collectors.toSet());
        // an import that finds nothing would make every rule below pass vacuously
        assertThat(groups).contains("common", "schemas", "connectors", "localstack", "jobs", "platform");
        // the shared job runtime is a connector: it may not use a job, platform or localstack either
        assertThat(ours.stream().map(ModuleOf::of).flatMap(Optional::stream)).contains(new ModuleOf("connectors", "flink"));
        assertThat(ours.stream().filter(c -> ModuleOf.of(c).map(m -> m.group().equals("jobs")).orElse(false)).count())
                .isGreaterThan(20);
    }

    @Test
    void connectorsUseNoJobPlatformOrLocalStack() {
        modules("connectors", (from, to) -> Set.of("jobs", "platform", "localstack", "bench").contains(to.group())).check(ours);
    }

    @Test
    void jobsUseNoOtherJobPlatformOrLocalStack() {
        modules("jobs", (from, to) -> Set.of("platform", "localstack", "bench").contains(to.group())
                || (to.group().equals("jobs") && !to.name().equals(from.name()))).check(ours);
    }

    @Test
    void commonUsesNothingOfOurs() {
        modules("common", (from, to) -> !to.group().equals("common")).check(ours);
    }

    @Test
    void schemasUseNothingOfOurs() {
        modules("schemas", (from, to) -> !to.group().equals("schemas")).check(ours);
    }

    @Test
    void productionCodeNeverCallsWhatIsVisibleForTesting() {
        DescribedPredicate<JavaAccess<?>> visibleForTesting = new DescribedPredicate<>("target annotated @VisibleForTesting") {
            @Override
            public boolean test(JavaAccess<?> access) {
                AccessTarget target = access.getTarget();
                return target.resolveMember().map(member -> member.getAnnotations().stream()
                        .anyMatch(a -> a.getRawType().getSimpleName().equals("VisibleForTesting"))).orElse(false)
                        && !access.getOriginOwner().equals(target.getOwner());
            }
        };
        noClasses().should().accessTargetWhere(visibleForTesting)
                .because("members kept visible for tests are not part of the production API").check(ours);
    }

    @Test
    void everyClassOfOursLivesUnderOurPackage() {
        // in particular none in org.apache..: reaching into a library's package hides a dependency on its internals
        classes().should().resideInAPackage("org.openclaw.oversight..").check(ours);
    }

    /** Classes of {@code group} must not depend on a class whose module {@code forbidden} accepts. */
    private static ArchRule modules(String group, BiPredicate<ModuleOf, ModuleOf> forbidden) {
        return classes().that(new DescribedPredicate<JavaClass>("are in module group " + group) {
            @Override
            public boolean test(JavaClass type) {
                return ModuleOf.of(type).map(m -> m.group().equals(group)).orElse(false);
            }
        }).should(new ArchCondition<JavaClass>("respect the module boundaries of " + group) {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                ModuleOf from = ModuleOf.of(type).orElseThrow();
                for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                    Optional<ModuleOf> to = ModuleOf.of(dependency.getTargetClass());
                    if (to.isPresent() && !to.get().equals(from) && forbidden.test(from, to.get())) {
                        events.add(SimpleConditionEvent.violated(dependency, from + " must not use " + to.get() + ": "
                                + dependency.getDescription()));
                    }
                }
            }
        });
    }
}
