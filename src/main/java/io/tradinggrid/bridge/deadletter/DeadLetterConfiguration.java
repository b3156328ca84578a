package io.tradinggrid.bridge.deadletter;

import io.tradinggrid.bridge.store.AuditTrail;
import javax.sql.DataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** The dead-letter store, and the replayer that sends its messages back in through the flow they entered by. */
public class DeadLetterConfiguration implements CamelConfiguration {

    @BindToRegistry("deadLetterStore")
    public DeadLetterStore deadLetterStore(@BeanInject("bridgeDataSource") DataSource dataSource, @BeanInject("auditTrail") AuditTrail audit) {
        return new DeadLetterStore(dataSource, audit);
    }

    @BindToRegistry("deadLetterReplayer")
    public DeadLetterReplayer deadLetterReplayer(CamelContext context, @BeanInject("deadLetterStore") DeadLetterStore deadLetters) {
        return new DeadLetterReplayer(deadLetters, context.createProducerTemplate());
    }
}
