package io.tradinggrid.bridge;

import io.tradinggrid.bridge.admin.AdminConfiguration;
import io.tradinggrid.bridge.cluster.ClusterConfiguration;
import io.tradinggrid.bridge.compliance.ComplianceConfiguration;
import io.tradinggrid.bridge.deadletter.DeadLetterConfiguration;
import io.tradinggrid.bridge.http.HttpConfiguration;
import io.tradinggrid.bridge.console.ConsoleConfiguration;
import io.tradinggrid.bridge.intake.IntakeConfiguration;
import io.tradinggrid.bridge.journal.JournalConfiguration;
import io.tradinggrid.bridge.observe.ObserveConfiguration;
import io.tradinggrid.bridge.knowledge.KnowledgeConfiguration;
import io.tradinggrid.bridge.onboarding.OnboardingConfiguration;
import io.tradinggrid.bridge.provisioning.ProvisioningConfiguration;
import io.tradinggrid.bridge.resilience.ResilienceConfiguration;
import io.tradinggrid.bridge.rules.RulesConfiguration;
import io.tradinggrid.bridge.status.StatusConfiguration;
import io.tradinggrid.bridge.store.StoreConfiguration;
import java.util.List;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.main.MainConfigurationProperties;

/**
 * The configuration classes that bind the bridge's beans, for the runtime and the tests alike. Their defaults live
 * in config/application.properties only.
 * <p>
 * The order is the binding order: camel-main binds the beans of one class after the other, so a bean may take beans of
 * the classes above its own. Within a class Camel calls the bean methods without parameters first, then those that take
 * none of the class's own beans, then the rest: a bean may take a bean of its own class only if that one takes none.
 */
public final class BridgeConfigurations {

    private BridgeConfigurations() {
    }

    /** Fresh instances, one set per Camel context. */
    public static List<CamelConfiguration> create() {
        return List.of(
                new StoreConfiguration(),
                new ClusterConfiguration(),
                new DeadLetterConfiguration(),
                new ResilienceConfiguration(),
                new HttpConfiguration(),
                new IntakeConfiguration(),
                new JournalConfiguration(),
                new ObserveConfiguration(),
                new StatusConfiguration(),
                new KnowledgeConfiguration(),
                new ComplianceConfiguration(),
                new OnboardingConfiguration(),
                new ProvisioningConfiguration(),
                new RulesConfiguration(),
                new ConsoleConfiguration(),
                new AdminConfiguration());
    }

    public static void addTo(MainConfigurationProperties main) {
        // instances rather than classes: camel-main post-processes a class it instantiates itself twice, which would
        // bind every bean twice (and open the store twice)
        create().forEach(main::addConfiguration);
    }
}
