/**
 * Deliberately broken code for the architecture tests: a miniature of the service's packages (domain,
 * application, adapters, bootstrap, simulator) in which each class breaks one rule of
 * {@code org.astronrpa.openapi.architecture.ArchitectureRules}, or conforms where a rule must stay quiet.
 * Test code only; nothing imports it but {@code ArchitectureRulesBiteTest}.
 */
package org.astronrpa.openapi.archfixture.broken;
