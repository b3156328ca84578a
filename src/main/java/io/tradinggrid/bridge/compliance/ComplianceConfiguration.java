package io.tradinggrid.bridge.compliance;

import io.tradinggrid.bridge.store.AuditTrail;
import java.time.Clock;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** Compliance documents (W5): review of submissions and renewal of documents about to expire. */
public class ComplianceConfiguration implements CamelConfiguration {

    @BindToRegistry("complianceWatch")
    public ComplianceWatch complianceWatch(@PropertyInject("tgb.compliance.renewal-window-days") int renewalWindowDays,
            @PropertyInject("tgb.compliance.review-team") String reviewTeam, @BeanInject("auditTrail") AuditTrail audit) {
        return new ComplianceWatch(renewalWindowDays, reviewTeam, audit, Clock.systemUTC());
    }
}
