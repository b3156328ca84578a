package io.tradinggrid.bridge.onboarding;

import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.WatermarkStore;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/** Partner onboarding (W3): requests from the community start the process, its checklist goes back to the request. */
public class OnboardingConfiguration implements CamelConfiguration {

    @BindToRegistry("onboardingSync")
    public OnboardingSync onboardingSync(@BeanInject("watermarkStore") WatermarkStore watermarks, @BeanInject("auditTrail") AuditTrail audit) {
        return new OnboardingSync(watermarks, audit);
    }
}
