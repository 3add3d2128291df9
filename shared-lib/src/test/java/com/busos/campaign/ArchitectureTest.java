package com.busos.campaign;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rooms of shared-lib (docs/architecture.md): no package depends on itself through others, the
 * domain knows no transport or store library, and the provider clients know nothing of the campaign.
 */
class ArchitectureTest {
    /** The campaign's rules: what to send, to whom, when, and what stops it. */
    static final String[] DOMAIN = {
        "com.busos.campaign.sequence",
        "com.busos.campaign.signup",
        "com.busos.campaign.followup",
        "com.busos.campaign.delivery",
        "com.busos.campaign.dispatch",
        "com.busos.campaign.suppression",
        "com.busos.campaign.tracker",
        "com.busos.campaign.templates",
        "com.busos.campaign.enrolment",
        "com.busos.campaign.intake"
    };
    /** The types only an adapter may touch: OpenFaaS's model, HTTP, Redis, the JDK's HTTP server. */
    static final String[] TRANSPORTS_AND_STORES = {
        "com.openfaas.model..", "okhttp3..", "redis.clients..", "com.sun.net.httpserver.."
    };
    /** The adapters to those, and the wiring (the root package). */
    static final String[] ADAPTERS = {
        "com.busos.campaign",
        "com.busos.campaign.openfaas",
        "com.busos.campaign.webhook",
        "com.busos.campaign.http",
        "com.busos.campaign.notion",
        "com.busos.campaign.resend",
        "com.busos.campaign.ratelimit",
        "com.busos.campaign.lua",
        "com.busos.campaign.redis",
        "com.busos.campaign.schedule",
        "com.busos.campaign.health",
        "com.busos.campaign.admin"
    };
    /** The provider clients and what they are made of: they know nothing of the campaign. */
    static final String[] CLIENTS = {
        "com.busos.campaign.http",
        "com.busos.campaign.notion",
        "com.busos.campaign.resend",
        "com.busos.campaign.ratelimit",
        "com.busos.campaign.lua",
        "com.busos.campaign.deadline"
    };

    private static JavaClasses classes;

    @BeforeAll
    static void importSharedLib() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.busos.campaign");
    }

    @Test
    void noPackageCycles() {
        // "campaign" is the root package (the wiring), "campaign.health" a package under it, and so on
        slices().matching("com.busos.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theDomainImportsNoTransportOrStore() {
        noClasses()
                .that()
                .resideInAnyPackage(DOMAIN)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(TRANSPORTS_AND_STORES)
                .check(classes);
    }

    @Test
    void onlyAdaptersTouchTransportsAndStores() {
        noClasses()
                .that()
                .resideOutsideOfPackages(ADAPTERS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(TRANSPORTS_AND_STORES)
                .check(classes);
    }

    @Test
    void theProviderClientsKnowNothingOfTheCampaign() {
        noClasses()
                .that()
                .resideInAnyPackage(CLIENTS)
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages(concat(
                        CLIENTS, "java..", "okhttp3..", "kotlin..", "redis.clients..", "com.fasterxml.jackson.."))
                .check(classes);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
