package io.tradinggrid.bridge.knowledge;

import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.WatermarkStore;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** ServiceNow knowledge published to the communities' self-service (S4). */
public class KnowledgeConfiguration implements CamelConfiguration {

    @BindToRegistry("knowledgePublisher")
    public KnowledgePublisher knowledgePublisher(@PropertyInject("tgb.knowledge.knowledge-base") String knowledgeBase,
            @PropertyInject("tgb.knowledge.community-ids") String communityIds, @BeanInject("watermarkStore") WatermarkStore watermarks,
            @BeanInject("auditTrail") AuditTrail audit) {
        List<String> communities = Arrays.stream(communityIds.split(",")).map(String::trim).filter(c -> !c.isEmpty()).toList();
        return new KnowledgePublisher(knowledgeBase, communities, watermarks, audit);
    }
}
