package io.tradinggrid.bridge.provisioning;

import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.WatermarkStore;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/** Partner provisioning (S6): approved access requests in ServiceNow become partner profiles and access in the community. */
public class ProvisioningConfiguration implements CamelConfiguration {

    @BindToRegistry("partnerProvisioning")
    public PartnerProvisioning partnerProvisioning(@BeanInject("watermarkStore") WatermarkStore watermarks,
            @BeanInject("auditTrail") AuditTrail audit) {
        return new PartnerProvisioning(watermarks, audit);
    }
}
